import type { AreaId } from '../../areas.js';

/** How the generated integration.ts reaches the app's HTTP routes. */
export interface AppWiring {
  /** Import lines (paths relative to specs/launch/). */
  imports: string[];
  /** What the wiring is, for the doc comment. */
  describe: string;
  /** Expressions for the webhook and the checkout targets. */
  webhookTarget: string;
  checkoutTarget: string;
  webhookPath: string;
  checkoutPath: string;
}

/** No app found: the specs call a running server at LAUNCH_APP_URL until integration.ts imports the app. */
export const URL_WIRING: AppWiring = {
  imports: [],
  describe:
    'No app module was found, so the specs call the server at LAUNCH_APP_URL. Better: import your\n * app here (an Express or Koa app, a Fastify instance, a Hono app, Next.js route modules) and\n * return it, so the checks run in-process and the counters below can read its database.',
  webhookTarget: "required('LAUNCH_APP_URL', 'the app under test')",
  checkoutTarget: "required('LAUNCH_APP_URL', 'the app under test')",
  webhookPath: '/webhooks/0bit',
  checkoutPath: '/api/checkout/sessions',
};

/**
 * The sandbox module: the simulated 0Bit API the app talks to during the launch run. It is
 * its own module so it is set up before integration.ts imports the app (ES modules
 * evaluate imports in order), and the app reads ZEROBIT_API_BASE when it loads.
 */
export const SANDBOX_MODULE = `import { afterAll } from 'vitest';
import { createSandbox } from '0bit-launch/sandbox';

/**
 * The simulated 0Bit sandbox (node_modules/0bit-launch/docs/sandbox.md). It answers your
 * app's 0Bit API calls in-process, serves the capability response and signs webhooks. It
 * uses your sandbox keys where they are set, so your app authenticates with the keys it
 * really has and the credential checks look for exactly those.
 */
export const sandbox = createSandbox({
  credentials: {
    secretKey: process.env.ZEROBIT_SECRET_KEY || undefined,
    publishableKey: process.env.ZEROBIT_PUBLISHABLE_KEY || undefined,
    webhookSecret: process.env.ZEROBIT_WEBHOOK_SECRET || undefined,
  },
});
await sandbox.start();
afterAll(() => sandbox.stop());

// Where your app finds the 0Bit API during the launch run: rename this to the variable your
// app reads (or pass sandbox.baseUrl to its client in integration.ts).
process.env.ZEROBIT_API_BASE = sandbox.baseUrl;
`;

/**
 * The one file the starter specs read their subject from. Values that only the user can
 * give come from environment variables, and reading an unset one throws; the counters
 * throw until they are wired to the app. So a starter spec fails, saying what to set,
 * until it points at a real app, and passes once it points at a correct one.
 */
export function integrationModule(wiring: AppWiring): string {
  return `import { inject } from 'vitest';
import type { Endpoint, HttpTarget } from '0bit-launch';
// The matchers' types; the plugin registers the matchers themselves.
import type {} from '0bit-launch/matchers';
// The sandbox first: it sets ZEROBIT_API_BASE before your app loads.
import { sandbox } from './sandbox.js';
${wiring.imports.map((line) => `${line}\n`).join('')}
/**
 * What the launch specs test: your app and its surroundings.
 *
 * ${wiring.describe}
 *
 * Values only you can give (keys, the client build, runbooks, the webhook reference) come
 * from environment variables; the counters, the capability response, the copy and pages
 * customers see and the verification flow must be returned from your code. A spec that
 * reads a value nobody set fails and says which one, so no launch area passes before it
 * tests your app.
 */
function required(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`\${what} is not configured: set \${name}, or return it from specs/launch/integration.ts\`);
  return value;
}

function list(name: string, what: string): string[] {
  return required(name, what).split(',').map((item) => item.trim()).filter(Boolean);
}

function notWired(what: string): never {
  throw new Error(\`\${what} is not wired up: return it from specs/launch/integration.ts\`);
}

/** The capability response with where it came from: as fetched, or confirmed by someone you name. */
type Capabilities = Response | { response: unknown; source: { url?: string; fetchedAt?: string; confirmedBy?: string; confirmedAt?: string } };

export const environment: 'sandbox' | 'live' = process.env.ZEROBIT_ENV === 'live' ? 'live' : 'sandbox';
export { sandbox };

export const integration = {
  /** Where 0Bit delivers webhooks. */
  webhookTarget: (): HttpTarget => ${wiring.webhookTarget},
  webhookPath: ${JSON.stringify(wiring.webhookPath)},
  /** Where the browser opens a checkout session: a write that takes an Idempotency-Key. */
  checkoutTarget: (): HttpTarget => ${wiring.checkoutTarget},
  checkoutPath: ${JSON.stringify(wiring.checkoutPath)},
  /** A complete, valid body for the checkout route (the return URL is added per check). */
  checkoutBody: { amount: 4200, currency: 'EUR' } as Record<string, unknown>,
  /** The product surface in vitest's config (launchPlugin({ productSurface })). */
  productSurface: (): string => inject('0bit-launch')?.productSurface ?? required('ZEROBIT_PRODUCT_SURFACE', 'the product surface'),
  secretKey: () => required('ZEROBIT_SECRET_KEY', 'the 0Bit secret key'),
  publishableKey: () => required('ZEROBIT_PUBLISHABLE_KEY', 'the 0Bit publishable key'),
  webhookSecret: () => required('ZEROBIT_WEBHOOK_SECRET', 'the webhook signing secret'),
  /** The built client: every file the browser downloads. */
  clientDir: () => required('LAUNCH_CLIENT_DIR', 'the built client directory'),
  /** The production origins your app allows (https, no wildcards). */
  allowedOrigins: () => list('LAUNCH_ALLOWED_ORIGINS', 'the allowed origins'),
  /** A return URL your app accepts (on one of those origins). */
  returnUrl: () => required('LAUNCH_RETURN_URL', 'an allowed return URL'),
  /** Alert rule files (Prometheus, Datadog JSON, …). */
  alertRules: () => required('LAUNCH_ALERT_RULES', 'the alert rule file'),
  /** The support runbook. */
  runbook: () => required('LAUNCH_RUNBOOK', 'the support runbook'),
  /** How many orders your app fulfilled: the side effect webhooks must cause once. */
  fulfilments: (): number | Promise<number> => notWired('the fulfilment count'),
  /** How many checkout sessions your app created. */
  checkoutsCreated: (): number | Promise<number> => notWired('the checkout session count'),
  /** The events your app logged, as \`{ id, type }\`. */
  eventLog: (): Array<{ id: string; type: string }> | Promise<Array<{ id: string; type: string }>> => notWired('the webhook event log'),
  /**
   * The capability response your account gets, with where it came from (the record says
   * which): the fetch Response of GET /v1/capabilities, as your app requests it. In the
   * sandbox run:
   *   () => fetch(\`\${sandbox.baseUrl}/v1/capabilities\`, { headers: { authorization: \`Bearer \${sandbox.credentials.secretKey}\` } })
   * For a response 0Bit confirmed out of band: { response, source: { confirmedBy: '0Bit support, ticket …' } }.
   */
  capabilities: (): Capabilities | Promise<Capabilities> => notWired('the capability response'),
  /** What the checkout flow shows the customer, and the verification programmes it relies on. */
  flow: { region: 'EU', asset: 'USDC', method: 'wallet', verification: ['kyc', 'kyb'] as Array<'kyc' | 'kyb'> },
  /**
   * Directories of customer-facing copy, scanned for permanent region claims and promised
   * verification outcomes: the client build, translations, email templates
   * (e.g. \`[integration.clientDir(), 'locales', 'emails']\`).
   */
  copyDirs: (): string[] => notWired('the customer-facing copy (client build, translations, email templates)'),
  /** The pages your app serves customers, as served: \`[endpoint(app, '/checkout')]\` (endpoint from '0bit-launch') or URLs; [] when it serves none. */
  pages: (): Array<string | Endpoint> => notWired('the pages your app serves customers'),
  /**
   * Starts a hosted KYC (individual) or KYB (business) verification through your app, as a
   * customer would: the route or service that creates it at 0Bit (here, the sandbox).
   * Returns the verification session id 0Bit gave it (vs_…).
   */
  startVerification: (type: 'individual' | 'business'): string | Promise<string> => notWired(\`starting a hosted \${type} verification through your app\`),
  /** What your app recorded for that verification: 0Bit's status word, and whether it lets the customer through. */
  verificationOf: (id: string): { status: string; verified: boolean } | Promise<{ status: string; verified: boolean }> => notWired(\`what your app recorded for verification \${id}\`),
  /**
   * Your copy of the 0Bit webhook reference (an OpenAPI document, JSON or YAML): the event
   * types and payload fields your webhook handler may rely on. Keep it in the repository.
   */
  contract: () => required('LAUNCH_WEBHOOK_CONTRACT', 'your copy of the 0Bit webhook reference'),
};
`;
}

/** A checkout request as a browser sends it: the body, a fresh Idempotency-Key per probe, and the Origin. */
const ORIGIN_HEADER = '{ origin: integration.allowedOrigins()[0]! }';

/** One starter spec per area, each using that area's matchers against `integration`. */
export const AREA_SPECS: Record<AreaId, string> = {
  product: `import { describe, expect, it } from 'vitest';
import { integration } from './integration.js';

describe('Product surface', { tags: ['launch:product'] }, () => {
  it('launches on a surface enabled for the account', async () => {
    await expect(integration.productSurface()).toBeLaunchableSurface();
  });
});
`,
  credentials: `import { describe, expect, it } from 'vitest';
import { environment, integration } from './integration.js';

describe('Credentials', { tags: ['launch:credentials'] }, () => {
  it('keeps the secret key out of everything the client downloads', async () => {
    await expect(integration.secretKey()).toBeServerSideOnly({ clientDir: integration.clientDir() });
  });

  it('uses the secret key of this environment', async () => {
    await expect(integration.secretKey()).toBeKeyForEnvironment(environment);
  });
});
`,
  browser: `import { describe, expect, it } from 'vitest';
import { integration } from './integration.js';

describe('Browser values', { tags: ['launch:browser'] }, () => {
  it('ships only the publishable key and session-scoped client secrets', async () => {
    await expect({ clientDir: integration.clientDir() }).toExposeOnlyBrowserSafeValues({ publishableKey: integration.publishableKey() });
  });
});
`,
  origins: `import { describe, expect, it } from 'vitest';
import { environment, integration } from './integration.js';

describe('Origins and return URLs', { tags: ['launch:origins'] }, () => {
  it('allows an explicit https list of origins', async () => {
    await expect(integration.allowedOrigins()).toBeExplicitOriginAllowlist({ environment });
  });

  it('admits each listed origin, and no other', async () => {
    for (const origin of integration.allowedOrigins()) {
      await expect(integration.checkoutTarget()).toAllowOrigin(origin, { path: integration.checkoutPath, method: 'POST' });
    }
    await expect(integration.checkoutTarget()).not.toAllowOrigin('https://attacker.example', { path: integration.checkoutPath, method: 'POST' });
  });

  it('accepts its return URL and refuses open-redirect variants of it', async () => {
    // A complete checkout request: its body, an Idempotency-Key (set per probe) and the browser's Origin.
    await expect(integration.checkoutTarget()).toAcceptReturnUrl(integration.returnUrl(), {
      path: integration.checkoutPath,
      body: integration.checkoutBody,
      headers: ${ORIGIN_HEADER},
    });
  });
});
`,
  webhooks: `import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { integration, sandbox } from './integration.js';

describe('Webhooks', { tags: ['launch:webhooks'] }, () => {
  it('verifies signatures over the raw body and refuses forged, tampered and stale deliveries', async () => {
    await expect(endpoint(integration.webhookTarget(), integration.webhookPath)).toVerifyWebhookSignatures({
      secret: integration.webhookSecret(),
      effects: integration.fulfilments,
    });
  });

  it('logs every delivered event', async () => {
    await expect(endpoint(integration.webhookTarget(), integration.webhookPath)).toLogWebhookEvents({
      secret: integration.webhookSecret(),
      log: integration.eventLog,
    });
  });

  it('acts only on the event types and payload fields the 0Bit reference documents', async () => {
    // The sandbox's own events about sessions it really moved; the same deliveries with
    // undocumented fields added, changed or removed must get the same answers and effects.
    await expect(endpoint(integration.webhookTarget(), integration.webhookPath)).toHonourWebhookContract({
      sandbox,
      secret: integration.webhookSecret(),
      contract: integration.contract(),
      effects: { fulfilment: integration.fulfilments },
    });
  });
});
`,
  idempotency: `import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { integration } from './integration.js';

describe('Idempotency', { tags: ['launch:idempotency'] }, () => {
  it('creates one checkout session per Idempotency-Key, however often it is retried', async () => {
    // The matcher sets the Idempotency-Key; the body is what the browser sends, with a return URL.
    await expect({
      target: integration.checkoutTarget(),
      method: 'POST',
      path: integration.checkoutPath,
      body: { ...integration.checkoutBody, returnUrl: integration.returnUrl() },
      headers: ${ORIGIN_HEADER},
    }).toBeIdempotent({ effects: integration.checkoutsCreated });
  });

  it('fulfils a redelivered webhook event once', async () => {
    await expect(endpoint(integration.webhookTarget(), integration.webhookPath)).toBeDuplicateSafe({
      secret: integration.webhookSecret(),
      effects: integration.fulfilments,
    });
  });
});
`,
  monitoring: `import { describe, expect, it } from 'vitest';
import { integration } from './integration.js';

describe('Monitoring', { tags: ['launch:monitoring'] }, () => {
  it('alerts on session failures, webhook dead letters and reconciliation backlog', async () => {
    await expect(integration.alertRules()).toCoverAlerts(['session_failures', 'webhook_dead_letters', 'reconciliation_backlog']);
  });
});
`,
  support: `import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integration } from './integration.js';

describe('Support', { tags: ['launch:support'] }, () => {
  it('keeps secrets and raw PII out of the runbook', async () => {
    await expect(readFileSync(integration.runbook(), 'utf8')).toBeRedacted();
  });

  it('names the support path', async () => {
    await expect(readFileSync(integration.runbook(), 'utf8')).toReferenceSupportPath();
  });
});
`,
  availability: `import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { environment, integration, sandbox } from './integration.js';

/** Who each verification programme the flow relies on verifies: KYC a person, KYB a business. */
const VERIFIES = { kyc: 'individual', kyb: 'business' } as const;

describe('Availability', { tags: ['launch:availability'] }, () => {
  it('has every product, region, asset, method and verification programme the flow shows enabled', async () => {
    // The response as fetched, or as confirmed: the evidence records where it came from.
    await expect(await integration.capabilities()).toEnable({ environment, product: integration.productSurface(), ...integration.flow });
  });

  it('claims no permanent region availability and promises no verification outcome to customers', async () => {
    await expect({ copyDir: integration.copyDirs(), pages: integration.pages() }).toAvoidHardcodedClaims();
  });

  it('records every KYC/KYB outcome and lets only verified customers through', async () => {
    // The sandbox delivers each verification_session.* event to your webhook route, signed.
    sandbox.deliverTo(endpoint(integration.webhookTarget(), integration.webhookPath));
    await expect({ sandbox, start: integration.startVerification, state: integration.verificationOf }).toHandleVerificationOutcomes({
      types: integration.flow.verification.map((programme) => VERIFIES[programme]),
    });
  });
});
`,
};
