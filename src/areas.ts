/**
 * The nine rows of the 0Bit production-launch checklist. Each is a Vitest tag
 * `launch:<id>`; the order here is the checklist's order everywhere it is shown.
 */
export const AREA_IDS = ['product', 'credentials', 'browser', 'origins', 'webhooks', 'idempotency', 'monitoring', 'support', 'availability'] as const;

export type AreaId = (typeof AREA_IDS)[number];

export interface Area {
  id: AreaId;
  tag: `launch:${AreaId}`;
  title: string;
  /** The checklist row, verbatim. */
  checklist: string;
  /** What evidence passes it. */
  evidence: string;
}

const define = (id: AreaId, title: string, checklist: string, evidence: string): Area => ({
  id,
  tag: `launch:${id}`,
  title,
  checklist,
  evidence,
});

export const AREAS: readonly Area[] = [
  define(
    'product',
    'Product surface',
    'Flow belongs to a product surface enabled for the account',
    'surface is launchable (0gate, 0pools_approved) or review-only with recorded compliance approval',
  ),
  define(
    'credentials',
    'Credentials',
    'Live secret keys are server-side only',
    'secret key absent from every client-delivered artefact; key matches the environment',
  ),
  define(
    'browser',
    'Browser values',
    'Only publishable key and session-scoped client secret reach the client',
    'every credential found client-side is the publishable key or a session-scoped client secret',
  ),
  define(
    'origins',
    'Origins and return URLs',
    'Production origins and return URLs explicitly allowed',
    'explicit https allowlist; CORS admits listed origins only; return URLs outside the list refused',
  ),
  define(
    'webhooks',
    'Webhooks',
    'Signature verification and event logging pass',
    'forged, tampered, stale and unsigned deliveries refused; raw-body signatures accepted; every event logged',
  ),
  define(
    'idempotency',
    'Idempotency',
    'Write retries and event retries are duplicate-safe',
    'sequential and concurrent duplicates cause one effect; key reuse with another payload refused',
  ),
  define(
    'monitoring',
    'Monitoring',
    'Alerts for session failures, webhook dead letters, reconciliation backlog',
    'alert rules cover the three signals; a fire drill reaches the alert sink',
  ),
  define(
    'support',
    'Support',
    'Runbook uses ids and redacted artifacts, not secrets or raw PII',
    'runbooks and support artefacts hold no secrets or raw PII and name the support path',
  ),
  define(
    'availability',
    'Availability',
    'Region, KYC/KYB, asset, method and product access enabled',
    'the capability response for the environment enables what the flow shows',
  ),
];

export const TAG_PREFIX = 'launch:';

export function areaOfTag(tag: string): AreaId | undefined {
  if (!tag.startsWith(TAG_PREFIX)) return undefined;
  const id = tag.slice(TAG_PREFIX.length);
  return (AREA_IDS as readonly string[]).includes(id) ? (id as AreaId) : undefined;
}

export function getArea(id: AreaId): Area {
  return AREAS.find((a) => a.id === id)!;
}

/**
 * Every launch matcher and the one area whose evidence it can be. The reporter refuses
 * evidence whose matcher is not listed here or names another area.
 */
export const MATCHER_AREAS = {
  toBeLaunchableSurface: 'product',
  toUseOnlyDocumentedEndpoints: 'product',
  toBeServerSideOnly: 'credentials',
  toBeKeyForEnvironment: 'credentials',
  toExposeOnlyBrowserSafeValues: 'browser',
  toBeSessionScoped: 'browser',
  toAllowOrigin: 'origins',
  toBeExplicitOriginAllowlist: 'origins',
  toAcceptReturnUrl: 'origins',
  toVerifyWebhookSignatures: 'webhooks',
  toLogWebhookEvents: 'webhooks',
  toHonourWebhookContract: 'webhooks',
  toBeIdempotent: 'idempotency',
  toBeDuplicateSafe: 'idempotency',
  toReconcileWith: 'idempotency',
  toCoverAlerts: 'monitoring',
  toRaiseAlert: 'monitoring',
  toBeRedacted: 'support',
  toReferenceSupportPath: 'support',
  toEnable: 'availability',
  toAvoidHardcodedClaims: 'availability',
  toHandleVerificationOutcomes: 'availability',
} as const satisfies Record<string, AreaId>;

export type LaunchMatcherName = keyof typeof MATCHER_AREAS;

export function areaOfMatcher(matcher: string): AreaId | undefined {
  return Object.hasOwn(MATCHER_AREAS, matcher) ? MATCHER_AREAS[matcher as LaunchMatcherName] : undefined;
}

/** The three monitoring signals of the checklist row. */
export const MONITORING_SIGNALS = ['session_failures', 'webhook_dead_letters', 'reconciliation_backlog'] as const;

/** The five dimensions `toEnable` must name for the availability row. */
export const AVAILABILITY_DIMENSIONS = ['product', 'region', 'asset', 'method', 'verification'] as const;
