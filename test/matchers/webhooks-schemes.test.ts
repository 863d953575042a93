import { describe, expect, it } from 'vitest';
import { endpoint } from '../../src/http/target.js';
import { signDelivery } from '../../src/webhooks/schemes.js';
import { signatureBattery } from '../../src/webhooks/probes.js';
import { nonCanonicalJson, sessionEvent } from '../../src/webhooks/events.js';
import { createShopSchemeWebhooks, createTv1Webhooks, shopScheme } from '../fixtures/webhooks/other-schemes.js';
import { newWebhookSecret, recordedEvidence } from '../support/evidence.js';

const secret = newWebhookSecret();

describe('signature schemes', () => {
  it('t-v1: passes on a correct endpoint, with downgraded v0 and unknown v2 refused', async ({ task }) => {
    const fixture = createTv1Webhooks(secret);
    await expect(endpoint(fixture.app, '/hooks')).toVerifyWebhookSignatures({ secret, scheme: 't-v1', effects: fixture.fulfilmentCount });
    const probes = recordedEvidence(task)[0]?.probes ?? [];
    expect(probes).toHaveLength(13);
    expect(probes.find((p) => p.name === 'downgraded-version')).toMatchObject({ ok: true, response: { status: 401 } });
    expect(probes.find((p) => p.name === 'oversized-header')?.response?.status).toBe(431);
  });

  it('t-v1: fails on an endpoint that verifies another scheme', async () => {
    const fixture = createShopSchemeWebhooks(secret);
    await expect(expect(endpoint(fixture.app, '/hooks')).toVerifyWebhookSignatures({ secret, scheme: 't-v1' })).rejects.toThrow(
      /refused a correctly signed delivery: HTTP 401/,
    );
  });

  it('custom scheme: passes on a correct endpoint, without version probes', async ({ task }) => {
    const fixture = createShopSchemeWebhooks(secret);
    await expect(endpoint(fixture.app, '/hooks')).toVerifyWebhookSignatures({ secret, scheme: shopScheme, effects: fixture.fulfilmentCount });
    const evidence = recordedEvidence(task)[0];
    expect(evidence?.details).toMatchObject({ scheme: 'shop-sha256' });
    expect(evidence?.probes.map((p) => p.name)).not.toContain('downgraded-version');
    expect(evidence?.probes).toHaveLength(11);
  });

  it('toLogWebhookEvents and toBeDuplicateSafe sign with the given scheme', async () => {
    const fixture = createTv1Webhooks(secret);
    await expect(endpoint(fixture.app, '/hooks')).toLogWebhookEvents({ secret, scheme: 't-v1', log: fixture.eventLog });
    await expect(endpoint(fixture.app, '/hooks')).toBeDuplicateSafe({ secret, scheme: 't-v1', effects: fixture.fulfilmentCount });
  });
});

const made = () => sessionEvent('session.completed', { created: 1_800_000_000 });

describe('signatureBattery', () => {
  const battery = (scheme: Parameters<typeof signatureBattery>[0]['scheme'], secrets = [secret]) =>
    signatureBattery({ scheme, secrets, toleranceSeconds: 300, now: 1_800_000_000, events: { genuine: made, forged: made } });

  it('signs its accepted probes exactly as signDelivery does, and gives every probe its own event id', () => {
    const probes = battery('standard');
    const signed = probes.find((p) => p.name === 'signed')!;
    expect(signed.headers).toEqual(signDelivery('standard', { id: signed.id, timestamp: 1_800_000_000, body: signed.body, secrets: [secret] }));
    expect(new Set(probes.map((p) => p.id)).size).toBe(probes.length);
    for (const p of probes) expect(JSON.parse(p.body).id === p.id || p.name === 'tampered').toBe(true);
  });

  it('makes a raw body whose bytes differ from its re-serialised JSON', () => {
    const raw = battery('standard').find((p) => p.name === 'raw-body')!.body;
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
    expect(raw).toMatch(/\\u00e9/);
    expect(raw).toMatch(/\\\//);
    expect(nonCanonicalJson({ id: 'evt_1', type: 't', created: 1, data: {} })).toMatch(/^\{\n {2}"type"/);
  });

  it('adds one accepted probe per rotated secret', () => {
    const names = battery('standard', [secret, newWebhookSecret(), newWebhookSecret()]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['rotated-secret-2', 'rotated-secret-3']));
  });

  it("makes the oversized header bigger than Node's 16 KiB header limit, ending with the valid signature", () => {
    const probe = battery('standard').find((p) => p.name === 'oversized-header')!;
    const header = probe.headers['webhook-signature']!;
    expect(header.length).toBeGreaterThan(16 * 1024);
    const valid = signDelivery('standard', { id: probe.id, timestamp: 1_800_000_000, body: probe.body, secrets: [secret] })['webhook-signature'];
    expect(header.endsWith(` ${valid}`)).toBe(true);
  });
});

describe('signatureBattery forgeries per scheme', () => {
  it("labels downgraded and unknown versions in the scheme's own syntax", () => {
    const of = (scheme: 'standard' | 't-v1', name: string) =>
      signatureBattery({ scheme, secrets: [secret], toleranceSeconds: 300, now: 1_800_000_000, events: { genuine: made, forged: made } }).find(
        (p) => p.name === name,
      )!.headers;
    expect(of('standard', 'downgraded-version')['webhook-signature']).toMatch(/^v0,[A-Za-z0-9+/]{43}=$/);
    expect(of('standard', 'unknown-version')['webhook-signature']).toMatch(/^v2,/);
    expect(of('t-v1', 'downgraded-version')['x-0bit-signature']).toMatch(/^t=1800000000,v0=[0-9a-f]{64}$/);
    expect(of('t-v1', 'unsigned')['x-0bit-signature']).toBeUndefined();
    expect(of('standard', 'unsigned')).toMatchObject({ 'webhook-id': expect.stringMatching(/^evt_/), 'webhook-timestamp': '1800000000' });
    expect(of('standard', 'unsigned')['webhook-signature']).toBeUndefined();
    expect(of('standard', 'stale-timestamp')['webhook-timestamp']).toBe(String(1_800_000_000 - 600));
    expect(of('standard', 'future-timestamp')['webhook-timestamp']).toBe(String(1_800_000_000 + 600));
  });
});
