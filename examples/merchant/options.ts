import { z } from 'zod';
import { parseReturnUrlAllowlist, type AllowedReturnUrl } from './return-urls.js';

export type AlertSignal = 'session_failures' | 'webhook_dead_letters' | 'reconciliation_backlog';
export interface Alert {
  signal: AlertSignal;
  value: number;
  threshold: number;
  at: string;
}

export interface MerchantOptions {
  /** SQLite file; default ':memory:'. */
  dbPath?: string;
  zerobit: { apiBase: string; secretKey: string; publishableKey: string; webhookSecrets: string[] };
  /** Exact origins allowed to call /api/* from a browser. */
  allowedOrigins: string[];
  /** Allowed return URL prefixes as origin + path. */
  returnUrls: string[];
  webhookToleranceSeconds?: number;
  /** Clock in ms; tests inject a virtual one. */
  now?: () => number;
  alertSink?: (alert: Alert) => void | Promise<void>;
  alertThresholds?: { sessionFailures?: number; deadLetters?: number; reconciliationBacklog?: number };
}

export type Environment = 'sandbox' | 'live';

/** Options after validation, with defaults applied and allowlists parsed. */
export interface ResolvedOptions {
  dbPath: string;
  environment: Environment;
  apiBase: string;
  secretKey: string;
  publishableKey: string;
  webhookKeys: Buffer[];
  allowedOrigins: ReadonlySet<string>;
  returnUrls: AllowedReturnUrl[];
  webhookToleranceSeconds: number;
  now: () => number;
  alertSink?: (alert: Alert) => void | Promise<void>;
  thresholds: Record<AlertSignal, number>;
}

const secretKey = z.string().regex(/^sk_(live|sandbox)_[A-Za-z0-9]{16,}$/, 'expected sk_live_… or sk_sandbox_…');
const publishableKey = z.string().regex(/^pk_(live|sandbox)_[A-Za-z0-9]{16,}$/, 'expected pk_live_… or pk_sandbox_…');
const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected whsec_<base64>')
  .refine((s) => Buffer.from(s.slice('whsec_'.length), 'base64').length >= 16, 'webhook secret key is shorter than 16 bytes');
const threshold = z.number().int().positive();

const schema = z.strictObject({
  dbPath: z.string().min(1).default(':memory:'),
  zerobit: z.strictObject({
    apiBase: z.url({ protocol: /^https?$/ }),
    secretKey,
    publishableKey,
    webhookSecrets: z.array(webhookSecret).min(1),
  }),
  allowedOrigins: z.array(z.string()),
  returnUrls: z.array(z.string()).min(1),
  webhookToleranceSeconds: z.number().int().positive().max(3600).default(300),
  now: z.custom<() => number>((v) => typeof v === 'function').default(() => Date.now),
  alertSink: z.custom<(alert: Alert) => void | Promise<void>>((v) => typeof v === 'function').optional(),
  alertThresholds: z
    .strictObject({ sessionFailures: threshold.default(3), deadLetters: threshold.default(1), reconciliationBacklog: threshold.default(1) })
    .prefault({}),
});

const environmentOf = (key: string): Environment => (key.includes('_live_') ? 'live' : 'sandbox');

/** An origin is allowed only as written by `URL#origin`: scheme, host, port, nothing else. */
function parseOrigins(origins: readonly string[], environment: Environment): Set<string> {
  for (const origin of origins) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {
      parsed = undefined;
    }
    // The URL parser accepts `*` in a host name; an allowlist entry is never a pattern.
    if (parsed !== origin || origin.includes('*')) throw new Error(`allowedOrigins: ${JSON.stringify(origin)} is not an exact origin (scheme://host[:port])`);
    if (environment === 'live' && !origin.startsWith('https://')) throw new Error(`allowedOrigins: ${origin} must use https in live`);
  }
  return new Set(origins);
}

/** Validates the options; any misconfiguration throws before the app serves a request. */
export function resolveOptions(input: MerchantOptions): ResolvedOptions {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new Error(`createMerchant(): invalid options — ${problems}`);
  }
  const o = result.data;
  const environment = environmentOf(o.zerobit.secretKey);
  if (environmentOf(o.zerobit.publishableKey) !== environment) {
    throw new Error('createMerchant(): the secret and publishable keys belong to different environments');
  }
  return {
    dbPath: o.dbPath,
    environment,
    apiBase: o.zerobit.apiBase.replace(/\/+$/, ''),
    secretKey: o.zerobit.secretKey,
    publishableKey: o.zerobit.publishableKey,
    webhookKeys: o.zerobit.webhookSecrets.map((s) => Buffer.from(s.slice('whsec_'.length), 'base64')),
    allowedOrigins: parseOrigins(o.allowedOrigins, environment),
    returnUrls: parseReturnUrlAllowlist(o.returnUrls, { requireHttps: environment === 'live' }),
    webhookToleranceSeconds: o.webhookToleranceSeconds,
    now: o.now,
    alertSink: o.alertSink,
    thresholds: {
      session_failures: o.alertThresholds.sessionFailures,
      webhook_dead_letters: o.alertThresholds.deadLetters,
      reconciliation_backlog: o.alertThresholds.reconciliationBacklog,
    },
  };
}
