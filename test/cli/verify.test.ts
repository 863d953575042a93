import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { ephemeralSigner } from '../../src/record/keys.js';
import { signEnvelope } from '../../src/record/dsse.js';
import { MAX_RECORD_BYTES } from '../../src/record/verify.js';
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
    const tampered = {
      ...env,
      payload: Buffer.from(Buffer.from(env.payload, 'base64').toString().replace('"ready":true', '"ready":false')).toString('base64'),
    };
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
      expect(o.lines.err, name).toEqual([expect.stringMatching(new RegExp(`^error ${code}: `))]);
    }
  });

  it('says a record signed by another key was signed by another key, naming both key ids', async () => {
    const good = writeRecord();
    const other = ephemeralSigner();
    writeFileSync(join(good.dir, 'other.pub.pem'), other.publicKeyPem());
    const o = io();
    expect(await main(['verify', good.record, '--key', join(good.dir, 'other.pub.pem')], o.sink)).toBe(3);
    expect(o.lines.err).toEqual([expect.stringMatching(/^error KEY_UNTRUSTED: /)]);
    expect(o.text()).toContain(good.signed.keyid);
    expect(o.text()).toContain(other.keyid);
    expect(o.text()).not.toMatch(/changed/);
    // A changed record whose signature names the trusted key reads as changed, not as another key.
    const env = JSON.parse(readFileSync(good.record, 'utf8'));
    env.payload = Buffer.from(Buffer.from(env.payload, 'base64').toString().replace('"ready":true', '"ready":false')).toString('base64');
    writeFileSync(good.record, JSON.stringify(env));
    const changed = io();
    expect(await main(['verify', good.record, '--key', good.key], changed.sink)).toBe(1);
    expect(changed.text()).toMatch(/^error SIGNATURE_INVALID: the record was changed after it was signed/m);
  });

  it('refuses a record whose predicate names a signer other than the key that verified it', async () => {
    const base = predicate();
    const { record, key } = writeRecord({ ...base, run: { ...base.run, signer: { kind: 'configured', keyid: 'a'.repeat(64) } } });
    const o = io();
    expect(await main(['verify', record, '--key', key, '--json'], o.sink)).toBe(1);
    const out = JSON.parse(o.lines.out.join(''));
    expect(out).toMatchObject({ verified: true, bound: false, ready: false });
    expect(out.mismatches.map((m: { code: string }) => m.code)).toEqual(['SIGNER_MISMATCH']);
  });

  it('refuses a private key passed as --key, as a key error (exit 3)', async () => {
    const { record, dir } = writeRecord();
    const keys = io(dir);
    expect(await main(['keygen', '--out', 'k'], keys.sink)).toBe(0);
    for (const key of [join(dir, 'k/launch.key.pem'), readFileSync(join(dir, 'k/launch.key.pem'), 'utf8')]) {
      const o = io(dir);
      expect(await main(['verify', record, `--key=${key}`], o.sink)).toBe(3);
      expect(o.lines.err).toEqual([expect.stringMatching(/^error KEY_INVALID: /)]);
      expect(o.text()).toMatch(/is a private key; pass its public half/);
      expect(o.text()).not.toContain('PRIVATE KEY-----');
    }
  });

  it('refuses a record over the size cap before reading it', async () => {
    const { dir, key } = writeRecord();
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_RECORD_BYTES + 1);
    const o = io();
    expect(await main(['verify', huge, '--key', key], o.sink)).toBe(1);
    expect(o.text()).toMatch(/^error RECORD_TOO_LARGE: the record is 64\.0 MB, over the 64\.0 MB/m);
  });

  it('binds a record to an environment, surface, commit and maximum age, each mismatch with its own code', async () => {
    const base = predicate();
    const finishedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const commit = 'c0ffee1234567890c0ffee1234567890c0ffee12';
    const { record, key } = writeRecord({ ...base, run: { ...base.run, finishedAt, git: { commit, dirty: false } } });
    const verify = async (...flags: string[]) => {
      const o = io();
      const code = await main(['verify', record, '--key', key, '--require-ready', '--json', ...flags], o.sink);
      const out = JSON.parse(o.lines.out.join(''));
      return { code, codes: out.mismatches.map((m: { code: string }) => m.code) };
    };
    expect(await verify('--environment', 'sandbox', '--surface', '0gate', '--commit', commit.slice(0, 7), '--max-age', '3h')).toEqual({ code: 0, codes: [] });
    expect(await verify('--environment', 'live')).toEqual({ code: 1, codes: ['RECORD_ENVIRONMENT_MISMATCH'] });
    expect(await verify('--surface', '0pools_approved')).toEqual({ code: 1, codes: ['RECORD_SURFACE_MISMATCH'] });
    expect(await verify('--commit', 'deadbeef')).toEqual({ code: 1, codes: ['RECORD_COMMIT_MISMATCH'] });
    expect(await verify('--max-age', '90m')).toEqual({ code: 1, codes: ['RECORD_TOO_OLD'] });
    expect(await verify('--environment', 'live', '--max-age', '1h')).toEqual({ code: 1, codes: ['RECORD_ENVIRONMENT_MISMATCH', 'RECORD_TOO_OLD'] });

    const text = io();
    expect(await main(['verify', record, '--key', key, '--commit', 'deadbeef'], text.sink)).toBe(1);
    expect(text.text()).toMatch(/^NOT for this deploy \(RECORD_COMMIT_MISMATCH\): the record is of commit c0ffee1/m);
  });

  it('refuses --commit for a record of a dirty checkout or of no checkout', async () => {
    const base = predicate();
    const dirty = writeRecord({ ...base, run: { ...base.run, git: { commit: 'c0ffee1234567890', dirty: true } } });
    const none = writeRecord();
    for (const { record, key } of [dirty, none]) {
      const o = io();
      expect(await main(['verify', record, '--key', key, '--commit', 'c0ffee1'], o.sink)).toBe(1);
      expect(o.text()).toContain('(RECORD_COMMIT_MISMATCH)');
    }
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
    expect(await main(['verify', record, '--key', key, '--bogus'], io().sink)).toBe(64);
    expect(await main(['frobnicate'], io().sink)).toBe(64);
    for (const flags of [
      ['--environment', 'staging'],
      ['--commit', 'main'],
      ['--max-age', '7 days'],
      ['--surface', ' '],
      ['--sandbox-max-age-days', '0'],
    ]) {
      const o = io();
      expect(await main(['verify', record, '--key', key, ...flags], o.sink), flags.join(' ')).toBe(64);
      expect(o.lines.err, flags.join(' ')).toHaveLength(1);
      expect(o.lines.err[0], flags.join(' ')).toMatch(new RegExp(`^0bit-launch verify: ${flags[0]} .*\\(see 0bit-launch verify --help\\)$`));
    }
  });
});

describe('0bit-launch keygen and report', () => {
  it('verify and report print a refusal as one line `error CODE: message` and exit alike by domain', async () => {
    const { dir, record, key } = writeRecord();
    const other = ephemeralSigner();
    writeFileSync(join(dir, 'other.pub.pem'), other.publicKeyPem());
    writeFileSync(join(dir, 'rsa.pub.pem'), generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));
    const cases: Array<[name: string, path: string, trusted: string, code: string, exit: number]> = [
      ['missing key', record, join(dir, 'nonexistent.pem'), 'KEY_MISSING', 3],
      ['not Ed25519', record, join(dir, 'rsa.pub.pem'), 'KEY_INVALID', 3],
      ['another key', record, join(dir, 'other.pub.pem'), 'KEY_UNTRUSTED', 3],
      // A record path that is a directory cannot be read: RECORD_UNREADABLE, not RECORD_MALFORMED.
      ['unreadable record', dir, key, 'RECORD_UNREADABLE', 1],
    ];
    for (const [name, path, trusted, code, exit] of cases) {
      for (const command of ['verify', 'report'] as const) {
        const o = io(dir);
        expect(await main([command, path, '--key', trusted, ...(command === 'report' ? ['-o', 'no.html'] : [])], o.sink), `${command} ${name}`).toBe(exit);
        expect(o.lines.err, `${command} ${name}`).toEqual([expect.stringMatching(new RegExp(`^error ${code}: `))]);
      }
    }
    expect(existsSync(join(dir, 'no.html'))).toBe(false);
  });

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
    const refused = io(dir);
    expect(await main(['report', record, '--key', join(dir, 'other.pub.pem'), '-o', 'no.html'], refused.sink)).toBe(3);
    expect(refused.lines.err).toEqual([expect.stringMatching(/^error KEY_UNTRUSTED: the record was signed by another key/)]);
    expect(existsSync(join(dir, 'no.html'))).toBe(false);
    expect(await main(['keygen', '--out', 'k'], io(dir).sink)).toBe(0);
    expect(await main(['report', record, '--key', join(dir, 'k/launch.key.pem'), '-o', 'no.html'], io(dir).sink)).toBe(3);
    expect(existsSync(join(dir, 'no.html'))).toBe(false);
  });
});
