/**
 * Option plumbing the webhook and idempotency matchers share: zod pieces for their
 * options, parsing into MATCHER_MISUSE errors, and where signing secrets and the clock
 * come from. The delivery protocol itself is in webhooks/deliver.ts.
 */
import { z } from 'zod';
import { registerSecret } from '../evidence/secrets.js';
import { isEndpoint, type Endpoint } from '../http/target.js';
import type { EventTypeMap } from '../sandbox/events.js';
import type { CustomScheme } from '../webhooks/schemes.js';
import type { SandboxLike } from './event-source.js';
import { describeIssues } from '../base/zod-issues.js';
import { misuse } from './util.js';

export const secretOption = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'expected the webhook secret (a string) or the current secrets (string[])' })
  .transform((s) => (typeof s === 'string' ? [s] : s));

export const schemeOption = z
  .union(
    [
      z.enum(['standard', 't-v1']),
      z.custom<CustomScheme>(
        (v) => typeof v === 'object' && v !== null && typeof (v as CustomScheme).sign === 'function' && typeof (v as CustomScheme).headers === 'function',
      ),
    ],
    { error: "expected 'standard', 't-v1' or a custom scheme { sign, headers }" },
  )
  .default('standard');

export const eventOption = z.looseObject({
  id: z.string().min(1).optional(),
  type: z.string().min(1),
  created: z.number().int().optional(),
  data: z.unknown().optional(),
});

export function functionOption<T extends (...args: never[]) => unknown>(what: string) {
  return z.custom<T>((v) => typeof v === 'function', { error: `expected ${what}` });
}

/** Parses matcher options, turning zod issues into a MATCHER_MISUSE error. */
export function parseOptions<S extends z.ZodType>(matcher: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) misuse(matcher, describeIssues(parsed.error.issues));
  return parsed.data;
}

export function requireEndpoint(matcher: string, received: unknown): Endpoint {
  if (!isEndpoint(received)) misuse(matcher, "expects an endpoint: expect(endpoint(app, '/webhooks/0bit'))");
  return received;
}

/** Webhook secrets handed to a matcher are masked everywhere evidence or messages go. */
export function registerSecrets(secrets: readonly string[]): void {
  for (const s of secrets) registerSecret(s);
}

/** The integration's clock in ms (a virtual clock's `now`); the sandbox's clock or `Date.now` by default. */
export const clockOption = z
  .custom<() => number>((v) => typeof v === 'function', { error: 'expected now to be a function returning ms since the epoch' })
  .optional();

/**
 * What a webhook matcher signs with and when: the secrets and clock given, else the
 * sandbox's (its webhook secret, its virtual clock), else `Date.now`. The event type names
 * come from the sandbox when there is one, so they are set in one place.
 */
export function signingFrom(
  matcher: string,
  opts: { secret?: string[]; sandbox?: SandboxLike; now?: () => number; eventTypes?: EventTypeMap },
): { secrets: string[]; now: () => number } {
  const sandbox = opts.sandbox;
  const secrets =
    opts.secret ??
    (sandbox
      ? [sandbox.credentials.webhookSecret]
      : misuse(matcher, 'secret: expected the webhook secret (a string) or the current secrets (string[]), or pass sandbox to use its webhook secret'));
  if (sandbox && opts.eventTypes) misuse(matcher, 'eventTypes: the sandbox emits the events, so name them once on createSandbox({ eventTypes })');
  return { secrets, now: opts.now ?? (sandbox ? () => sandbox.clock.now() : Date.now) };
}

export function seconds(now: () => number): number {
  return Math.floor(now() / 1000);
}

export function describeEndpoint(ep: Endpoint): string {
  return `POST ${ep.path}`;
}
