import type { AreaId } from '../../areas.js';

/**
 * The one file the starter specs read their subject from. Every value comes from an
 * environment variable until the user replaces it with the real thing, and reading an unset
 * one throws, so a starter spec fails (saying what to set) until it points at the app.
 */
export const INTEGRATION_MODULE = `import type { HttpTarget } from '0bit-launch';
// The matchers' types; the plugin registers the matchers themselves.
import type {} from '0bit-launch/matchers';

/**
 * What the launch specs test: your app and its surroundings. Each value below reads an
 * environment variable; replace any of them with the real thing (import your app, return
 * your event log) as you wire the specs up. A spec that reads a value nobody set fails and
 * says which one, so no launch area can pass before it points at your integration.
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

export const environment: 'sandbox' | 'live' = process.env.ZEROBIT_ENV === 'live' ? 'live' : 'sandbox';

export const integration = {
  /**
   * Your HTTP app: an Express or Koa app (\`app.callback()\`), a Fastify instance, a Hono
   * app, a Next.js route module, or the base URL of a running server.
   */
  app: (): HttpTarget => required('LAUNCH_APP_URL', 'the app under test'),
  /** The route that receives 0Bit webhooks. */
  webhookPath: '/webhooks/0bit',
  /** The route that opens a checkout session (a write that takes an Idempotency-Key). */
  checkoutPath: '/api/checkout/sessions',
  /** A valid body for the checkout route. */
  checkoutBody: { amount: 4200, currency: 'EUR' },
  /** The route the browser sends a return URL to. */
  returnUrlPath: '/api/checkout/sessions',
  productSurface: () => required('ZEROBIT_PRODUCT_SURFACE', 'the product surface (e.g. 0gate)'),
  secretKey: () => required('ZEROBIT_SECRET_KEY', 'the 0Bit secret key'),
  publishableKey: () => required('ZEROBIT_PUBLISHABLE_KEY', 'the 0Bit publishable key'),
  webhookSecret: () => required('ZEROBIT_WEBHOOK_SECRET', 'the webhook signing secret'),
  /** The built client: every file the browser downloads. */
  clientDir: () => required('LAUNCH_CLIENT_DIR', 'the built client directory'),
  /** The production origins your app allows (https, no wildcards). */
  allowedOrigins: () => list('LAUNCH_ALLOWED_ORIGINS', 'the allowed origins'),
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
  /** The capability response of the environment (\`sandbox.capabilities()\` or 0Bit's API). */
  capabilities: (): unknown | Promise<unknown> => notWired('the capability response'),
  /** What the checkout flow shows the customer. */
  flow: { region: 'EU', asset: 'USDC', method: 'wallet' },
};
`;

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

  it('admits each listed origin', async () => {
    for (const origin of integration.allowedOrigins()) {
      await expect(integration.app()).toAllowOrigin(origin, { path: integration.checkoutPath, method: 'POST' });
    }
  });

  it('refuses an origin and a return URL outside the list', async () => {
    await expect(integration.app()).not.toAllowOrigin('https://attacker.example', { path: integration.checkoutPath, method: 'POST' });
    await expect(integration.app()).not.toAcceptReturnUrl('https://attacker.example/return', { path: integration.returnUrlPath });
  });
});
`,
  webhooks: `import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { integration } from './integration.js';

describe('Webhooks', { tags: ['launch:webhooks'] }, () => {
  it('verifies signatures over the raw body and refuses forged, tampered and stale deliveries', async () => {
    await expect(endpoint(integration.app(), integration.webhookPath)).toVerifyWebhookSignatures({
      secret: integration.webhookSecret(),
      effects: integration.fulfilments,
    });
  });

  it('logs every delivered event', async () => {
    await expect(endpoint(integration.app(), integration.webhookPath)).toLogWebhookEvents({
      secret: integration.webhookSecret(),
      log: integration.eventLog,
    });
  });
});
`,
  idempotency: `import { describe, expect, it } from 'vitest';
import { endpoint } from '0bit-launch';
import { integration } from './integration.js';

describe('Idempotency', { tags: ['launch:idempotency'] }, () => {
  it('creates one checkout session per Idempotency-Key, however often it is retried', async () => {
    await expect({ target: integration.app(), method: 'POST', path: integration.checkoutPath, body: integration.checkoutBody }).toBeIdempotent({
      effects: integration.checkoutsCreated,
    });
  });

  it('fulfils a redelivered webhook event once', async () => {
    await expect(endpoint(integration.app(), integration.webhookPath)).toBeDuplicateSafe({
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
import { environment, integration } from './integration.js';

describe('Availability', { tags: ['launch:availability'] }, () => {
  it('has every region, asset and method the flow shows enabled', async () => {
    await expect(await integration.capabilities()).toEnable({ environment, product: integration.productSurface(), ...integration.flow });
  });
});
`,
};
