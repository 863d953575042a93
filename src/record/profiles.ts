import { AVAILABILITY_DIMENSIONS, MATCHER_AREAS, MONITORING_SIGNALS, type AreaId, type LaunchMatcherName } from '../areas.js';
import type { Evidence } from '../evidence/types.js';

/**
 * One item of an area's minimum evidence profile: the matchers any one of which can
 * support it, and, where the checklist row asks for more than one passing call, what the
 * supporting evidence must cover together.
 */
export interface ProfileRule {
  item: string;
  matchers: readonly LaunchMatcherName[];
  requirement: string;
  covers?: (evidence: readonly Evidence[]) => boolean;
}

const includesAll = (have: Iterable<string>, wanted: readonly string[]) => {
  const set = new Set(have);
  return wanted.every((w) => set.has(w));
};

/** Three signals from one `toCoverAlerts`, or from fire drills together. */
const coversSignals = (matcher: 'toCoverAlerts' | 'toRaiseAlert') => (evidence: readonly Evidence[]) => {
  const mine = evidence.filter((e) => e.matcher === matcher);
  return matcher === 'toCoverAlerts'
    ? mine.some((e) => includesAll(e.scope.signals ?? [], MONITORING_SIGNALS))
    : includesAll(
        mine.flatMap((e) => e.scope.signals ?? []),
        MONITORING_SIGNALS,
      );
};

const single = (matcher: LaunchMatcherName, requirement = `a passing ${matcher}`): ProfileRule => ({ item: matcher, matchers: [matcher], requirement });

/** The minimum evidence profile of each area, from its checklist row (docs/record.md). */
export const MINIMUM_PROFILES: Readonly<Record<AreaId, readonly ProfileRule[]>> = {
  product: [single('toBeLaunchableSurface', "toBeLaunchableSurface for the run's product surface")],
  credentials: [single('toBeServerSideOnly', 'toBeServerSideOnly over the whole client surface')],
  browser: [single('toExposeOnlyBrowserSafeValues', 'toExposeOnlyBrowserSafeValues over the whole client surface')],
  origins: [
    {
      item: 'toAllowOrigin|toBeExplicitOriginAllowlist',
      matchers: ['toAllowOrigin', 'toBeExplicitOriginAllowlist'],
      requirement: 'an explicit origin allowlist or a CORS probe',
    },
    single('toAcceptReturnUrl'),
  ],
  webhooks: [single('toVerifyWebhookSignatures'), single('toLogWebhookEvents')],
  idempotency: [single('toBeIdempotent'), single('toBeDuplicateSafe')],
  monitoring: [
    {
      item: 'toCoverAlerts|toRaiseAlert',
      matchers: ['toCoverAlerts', 'toRaiseAlert'],
      requirement: `alert rules for ${MONITORING_SIGNALS.join(', ')} (toCoverAlerts), or a fire drill for each (toRaiseAlert)`,
      covers: (evidence) => coversSignals('toCoverAlerts')(evidence) || coversSignals('toRaiseAlert')(evidence),
    },
  ],
  support: [single('toBeRedacted'), single('toReferenceSupportPath')],
  availability: [
    {
      item: 'toEnable',
      matchers: ['toEnable'],
      requirement: `toEnable for the run's environment naming ${AVAILABILITY_DIMENSIONS.join(', ')}`,
      covers: (evidence) => evidence.some((e) => includesAll(e.scope.dimensions ?? [], AVAILABILITY_DIMENSIONS)),
    },
  ],
};

/** What a raised item asks when it is more than one passing call. */
const RAISED: Partial<Record<LaunchMatcherName, ProfileRule>> = {
  toRaiseAlert: {
    item: 'toRaiseAlert',
    matchers: ['toRaiseAlert'],
    requirement: `a fire drill for each of ${MONITORING_SIGNALS.join(', ')}`,
    covers: coversSignals('toRaiseAlert'),
  },
  toCoverAlerts: {
    item: 'toCoverAlerts',
    matchers: ['toCoverAlerts'],
    requirement: `alert rules for all of ${MONITORING_SIGNALS.join(', ')}`,
    covers: coversSignals('toCoverAlerts'),
  },
  toEnable: MINIMUM_PROFILES.availability[0],
};

export type RequiredMatchers = Partial<Record<AreaId, readonly string[]>>;

/**
 * The area's profile: the minimum, plus what `require` adds (never less). A required
 * matcher already in the minimum on its own is not listed twice.
 */
export function profileOf(area: AreaId, required: RequiredMatchers = {}): Array<ProfileRule & { source: 'minimum' | 'required' }> {
  const minimum = MINIMUM_PROFILES[area].map((rule) => ({ ...rule, source: 'minimum' as const }));
  const extra = (required[area] ?? [])
    .filter((m, i, all) => all.indexOf(m) === i && !minimum.some((rule) => rule.item === m))
    .map((m) => ({ ...(RAISED[m as LaunchMatcherName] ?? single(m as LaunchMatcherName)), source: 'required' as const }));
  return [...minimum, ...extra];
}

/** Matchers a `require` entry may name for the area (its own matchers only). */
export function matchersOfArea(area: AreaId): LaunchMatcherName[] {
  return (Object.keys(MATCHER_AREAS) as LaunchMatcherName[]).filter((m) => MATCHER_AREAS[m] === area);
}

/** Where an area's docs page shows what counts as evidence and how to write each item. */
export function evidenceDocs(area: AreaId): string {
  return `docs/${area}.md#what-counts-as-evidence`;
}
