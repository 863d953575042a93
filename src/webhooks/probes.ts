import { randomBytes } from 'node:crypto';
import { signDelivery, signStandard, signTv1, type SignatureScheme, type SignInput } from './schemes.js';
import { randomId } from '../base/random-id.js';
import { nonCanonicalJson, tamperedBody, type WebhookEvent } from './events.js';

/**
 * One delivery of the signature battery, and what a verifying endpoint must do with it:
 * accept it (2xx), refuse it (4xx), or merely answer it (2xx or 4xx, in time) when the
 * specs allow either.
 */
export interface SignatureProbe {
  name: string;
  expect: 'accept' | 'refuse' | 'answer';
  /** Completes "accepted …" / "refused …" in a failure message. */
  subject: string;
  id: string;
  headers: Record<string, string>;
  body: string;
}

interface Signature {
  version?: string;
  value: string;
}

/** What the battery needs to know about a scheme to forge its variations. */
interface SchemeAdapter {
  /** The bare signature value (no version label). */
  value(input: SignInput): string;
  headers(id: string, timestamp: number, signatures: Signature[]): Record<string, string>;
  /** Whether signatures carry a version label that can be downgraded. */
  versioned: boolean;
  /** A secret of the scheme's shape that the integration does not hold. */
  foreignSecret(): string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function adapterFor(scheme: SignatureScheme): SchemeAdapter {
  if (scheme === 'standard') {
    return {
      value: (input) => signStandard(input).slice('v1,'.length),
      headers: (id, timestamp, signatures) => ({
        ...JSON_TYPE,
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        ...(signatures.length ? { 'webhook-signature': signatures.map((s) => `${s.version ?? 'v1'},${s.value}`).join(' ') } : {}),
      }),
      versioned: true,
      foreignSecret: () => `whsec_${randomBytes(32).toString('base64')}`,
    };
  }
  if (scheme === 't-v1') {
    return {
      value: signTv1,
      headers: (_id, timestamp, signatures) =>
        signatures.length
          ? { ...JSON_TYPE, 'x-0bit-signature': [`t=${timestamp}`, ...signatures.map((s) => `${s.version ?? 'v1'}=${s.value}`)].join(',') }
          : { ...JSON_TYPE },
      versioned: true,
      foreignSecret: () => randomBytes(24).toString('hex'),
    };
  }
  return {
    value: (input) => scheme.sign(input),
    headers: (id, timestamp, signatures) =>
      signatures.length ? { ...JSON_TYPE, ...scheme.headers({ id, timestamp, signatures: signatures.map((s) => s.value) }) } : { ...JSON_TYPE },
    versioned: false,
    foreignSecret: () => `whsec_${randomBytes(32).toString('base64')}`,
  };
}

export interface BatteryOptions {
  scheme: SignatureScheme;
  /** The integration's current secrets; the first signs every probe. */
  secrets: readonly string[];
  toleranceSeconds: number;
  now: number;
  /**
   * A fresh event per probe, so no probe is refused merely as a duplicate: `genuine` for
   * deliveries meant to be accepted, `forged` for those meant to be refused.
   */
  events: { genuine(): WebhookEvent; forged(): WebhookEvent };
}

/** A header bigger than Node's own 16 KiB limit for all headers together. */
const OVERSIZED_BYTES = 24 * 1024;

/**
 * The deliveries `toVerifyWebhookSignatures` sends: correctly signed ones that must be
 * accepted; forged, tampered, stale, future, downgraded and truncated ones that must be
 * refused; and an oversized header that must merely be answered. docs/webhooks.md traces
 * each expectation to the Standard Webhooks spec, the 0Bit docs or a concrete attack.
 */
export function signatureBattery(options: BatteryOptions): SignatureProbe[] {
  const { scheme, secrets, toleranceSeconds: tolerance, now, events } = options;
  const adapter = adapterFor(scheme);
  const [secret] = secrets;
  if (secret === undefined) throw new TypeError('signatureBattery needs at least one secret');
  const sig = (id: string, timestamp: number, body: string, key = secret): Signature => ({
    value: adapter.value({ id, timestamp, body, secret: key }),
  });
  const probes: SignatureProbe[] = [];
  const add = (
    name: string,
    expect: SignatureProbe['expect'],
    subject: string,
    build: (event: WebhookEvent) => Omit<SignatureProbe, 'name' | 'expect' | 'subject'>,
  ) => {
    probes.push({ name, expect, subject, ...build(expect === 'refuse' ? events.forged() : events.genuine()) });
  };

  add('signed', 'accept', 'a correctly signed delivery', (event) => {
    const body = JSON.stringify(event);
    return { id: event.id, body, headers: signDelivery(scheme, { id: event.id, timestamp: now, body, secrets: [secret] }) };
  });
  add('raw-body', 'accept', 'a correctly signed delivery whose raw bytes differ from its re-serialised JSON (key order, whitespace, \\u escapes)', (event) => {
    const body = nonCanonicalJson(event);
    return { id: event.id, body, headers: signDelivery(scheme, { id: event.id, timestamp: now, body, secrets: [secret] }) };
  });
  secrets.slice(1).forEach((rotated, i) => {
    add(`rotated-secret-${i + 2}`, 'accept', `a delivery signed only with rotated secret #${i + 2}`, (event) => {
      const body = JSON.stringify(event);
      return { id: event.id, body, headers: signDelivery(scheme, { id: event.id, timestamp: now, body, secrets: [rotated] }) };
    });
  });
  add('several-signatures', 'accept', 'a delivery with several signatures in one header (a retired secret first, then the current one)', (event) => {
    const body = JSON.stringify(event);
    return { id: event.id, body, headers: adapter.headers(event.id, now, [sig(event.id, now, body, adapter.foreignSecret()), sig(event.id, now, body)]) };
  });

  add('unsigned', 'refuse', 'a delivery with no signature', (event) => ({
    id: event.id,
    body: JSON.stringify(event),
    headers: adapter.headers(event.id, now, []),
  }));
  add('wrong-secret', 'refuse', 'a delivery signed with the wrong secret', (event) => {
    const body = JSON.stringify(event);
    return { id: event.id, body, headers: adapter.headers(event.id, now, [sig(event.id, now, body, adapter.foreignSecret())]) };
  });
  add('tampered', 'refuse', 'a delivery whose body was changed after signing', (event) => {
    const signed = JSON.stringify(event);
    return { id: event.id, body: tamperedBody(event), headers: adapter.headers(event.id, now, [sig(event.id, now, signed)]) };
  });
  add('other-message', 'refuse', 'a delivery carrying the signature of another message id', (event) => {
    const body = JSON.stringify(event);
    const otherId = randomId('evt');
    let borrowed = sig(otherId, now, body);
    // A scheme that does not sign the id (t-v1) is given another message's signature instead.
    if (borrowed.value === sig(event.id, now, body).value) borrowed = sig(otherId, now, JSON.stringify({ ...event, id: otherId }));
    return { id: event.id, body, headers: adapter.headers(event.id, now, [borrowed]) };
  });
  const stale = now - 2 * tolerance;
  add('stale-timestamp', 'refuse', `a delivery whose timestamp was ${now - stale} s old (tolerance ${tolerance} s)`, (event) => {
    const body = JSON.stringify(event);
    return { id: event.id, body, headers: adapter.headers(event.id, stale, [sig(event.id, stale, body)]) };
  });
  const future = now + 2 * tolerance;
  add('future-timestamp', 'refuse', `a delivery whose timestamp was ${future - now} s in the future (tolerance ${tolerance} s)`, (event) => {
    const body = JSON.stringify(event);
    return { id: event.id, body, headers: adapter.headers(event.id, future, [sig(event.id, future, body)]) };
  });
  if (adapter.versioned) {
    for (const [version, kind] of [
      ['v0', 'downgraded'],
      ['v2', 'unknown'],
    ] as const) {
      add(`${kind}-version`, 'refuse', `a correct HMAC labelled with ${kind} scheme version ${version}`, (event) => {
        const body = JSON.stringify(event);
        return { id: event.id, body, headers: adapter.headers(event.id, now, [{ version, value: sig(event.id, now, body).value }]) };
      });
    }
  }
  add('truncated', 'refuse', 'a delivery whose signature was truncated to half its length', (event) => {
    const body = JSON.stringify(event);
    const full = sig(event.id, now, body).value;
    return { id: event.id, body, headers: adapter.headers(event.id, now, [{ value: full.slice(0, Math.ceil(full.length / 2)) }]) };
  });
  // Valid per Standard Webhooks (any listed signature may match), and refused by Node's own
  // header limit with 431: either answer is right; a 5xx, a crash or silence is not.
  add(
    'oversized-header',
    'answer',
    `a delivery whose signature header exceeded ${OVERSIZED_BYTES / 1024} KiB (the valid signature after hundreds of junk ones)`,
    (event) => {
      const body = JSON.stringify(event);
      const valid = sig(event.id, now, body);
      const junk = (): Signature => ({ value: randomBytes(Buffer.from(valid.value).length).toString('base64').slice(0, valid.value.length) });
      const count = Math.ceil(OVERSIZED_BYTES / (valid.value.length + 4));
      return { id: event.id, body, headers: adapter.headers(event.id, now, [...Array.from({ length: count }, junk), valid]) };
    },
  );
  return probes;
}
