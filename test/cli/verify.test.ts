import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { ephemeralSigner } from '../../src/record/keys.js';
import { signEnvelope } from '../../src/record/dsse.js';
import { predicate, writeRecord } from './record-helpers.js';

function io(cwd = process.cwd()) {
  const lines = { out: [] as string[], err: [] as string[] };
  const sink: CliIO = { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l), cwd };
  return { sink, lines, text: () => [...lines.out, ...lines.err].join('\n') };
}

describe('0bit-launch verify', () => {
  it('exits 0 and says verified and ready for a good record', async () => {
    const { record, key, signed } = writeRecord();
    const o = io();
    expect(await main(['verify', record, '--key', key, '--require-ready'], o.sink)).toBe(0);
    expect(o.text()).toContain(`verified: signed by ${signed.keyid}`);
    expect(o.text()).toMatch(/^ready: sandbox, 0gate/m);
  });

  it('exits 2 with --require-ready when the verified record is not ready, 0 without', async () => {
    const notReady = predicate({ failing: ['webhooks'] });
    const { record, key } = writeRecord(notReady);
    const o = io();
    expect(await main(['verify', record, '--key', key, '--require-ready'], o.sink)).toBe(2);
    expect(o.text()).toContain('NOT ready');
    expect(o.text()).toContain('Webhooks: 1 test(s) failed');
    expect(await main(['verify', record, '--key', key], io().sink)).toBe(0);
  });

  it('exits 1 for a tampered record, a wrong key, another payload type, another predicate type and non-JSON', async () => {
    const good = writeRecord();
    const env = JSON.parse(readFileSync(good.record, 'utf8'));
    const cases: Array<[string, string, string]> = [];
    const tampered = { ...env, payload: Buffer.from(Buffer.from(env.payload, 'base64').toString().replace('"ready":true', '"ready":false')).toString('base64') };
    cases.push(['tampered', JSON.stringify(tampered), 'SIGNATURE_INVALID']);
    cases.push(['not JSON', '{"payloadType":', 'RECORD_NOT_JSON']);
    const signer = ephemeralSigner();
    const otherType = signEnvelope(Buffer.from(env.payload, 'base64'), signer, 'application/json');
    cases.push(['payload type', JSON.stringify(otherType), 'PAYLOAD_TYPE_UNKNOWN']);
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString());
    const otherPredicate = signEnvelope(Buffer.from(JSON.stringify({ ...statement, predicateType: 'https://slsa.dev/provenance/v1' })), signer);
    cases.push(['predicate type', JSON.stringify(otherPredicate), 'PREDICATE_TYPE_UNKNOWN']);
    const malformed = signEnvelope(Buffer.from(JSON.stringify({ ...statement, predicate: { ready: true } })), signer);
    cases.push(['malformed statement', JSON.stringify(malformed), 'RECORD_MALFORMED']);
    writeFileSync(join(good.dir, 'signer.pub.pem'), signer.publicKeyPem());

    for (const [name, text, code] of cases) {
      const path = join(good.dir, `${name}.json`);
      writeFileSync(path, text);
      const key = name === 'tampered' || name === 'not JSON' ? good.key : join(good.dir, 'signer.pub.pem');
      const o = io();
      expect(await main(['verify', path, '--key', key], o.sink), name).toBe(1);
      expect(o.text(), name).toContain(`NOT verified (${code})`);
    }

    const o = io();
    expect(await main(['verify', good.record, '--key', join(good.dir, 'signer.pub.pem')], o.sink)).toBe(1);
    expect(o.text()).toContain('NOT verified (SIGNATURE_INVALID)');
  });

  it('prints one JSON object with --json', async () => {
    const { record, key, signed } = writeRecord();
    const o = io();
    expect(await main(['verify', record, '--key', key, '--json'], o.sink)).toBe(0);
    expect(JSON.parse(o.lines.out.join(''))).toMatchObject({ verified: true, ready: true, keyid: signed.keyid, environment: 'sandbox' });
    const bad = io();
    expect(await main(['verify', key, '--key', key, '--json'], bad.sink)).toBe(1);
    expect(JSON.parse(bad.lines.out.join(''))).toMatchObject({ verified: false, error: { code: 'RECORD_NOT_JSON' } });
  });

  it('exits 64 on usage errors', async () => {
    const { record, key } = writeRecord();
    expect(await main(['verify', record], io().sink)).toBe(64);
    expect(await main(['verify', '--key', key], io().sink)).toBe(64);
    expect(await main(['verify', record, '--key', '/nonexistent.pem'], io().sink)).toBe(64);
    expect(await main(['verify', record, '--key', key, '--bogus'], io().sink)).toBe(64);
    expect(await main(['frobnicate'], io().sink)).toBe(64);
  });
});

describe('0bit-launch keygen and report', () => {
  it('writes a key pair once, never overwrites, never prints the private key', async () => {
    const { dir } = writeRecord();
    const o = io(dir);
    expect(await main(['keygen', '--out', 'keys'], o.sink)).toBe(0);
    const priv = readFileSync(join(dir, 'keys', 'launch.key.pem'), 'utf8');
    expect(priv).toContain('BEGIN PRIVATE KEY');
    expect(o.text()).not.toContain(priv.split('\n')[1]!);
    const again = io(dir);
    expect(await main(['keygen', '--out', 'keys'], again.sink)).toBe(64);
    expect(again.text()).toContain('exists');
    expect(readFileSync(join(dir, 'keys', 'launch.key.pem'), 'utf8')).toBe(priv);
  });

  it('re-renders the report only from a verified record', async () => {
    const { dir, record, key } = writeRecord();
    const o = io(dir);
    expect(await main(['report', record, '--key', key, '-o', 'again.html'], o.sink)).toBe(0);
    expect(readFileSync(join(dir, 'again.html'), 'utf8')).toContain('READY');
    const other = ephemeralSigner();
    writeFileSync(join(dir, 'other.pub.pem'), other.publicKeyPem());
    expect(await main(['report', record, '--key', join(dir, 'other.pub.pem'), '-o', 'no.html'], io(dir).sink)).toBe(1);
    expect(existsSync(join(dir, 'no.html'))).toBe(false);
  });
});
