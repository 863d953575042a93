import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLaunchError } from '../src/errors.js';
import { applyWaivers, DEFAULT_WAIVER_FILE, loadWaivers, waiverExpiry } from '../src/waivers.js';

const dir = mkdtempSync(join(tmpdir(), 'waivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function project(files: Record<string, string>): string {
  const cwd = join(dir, `p${n++}`);
  for (const [name, text] of Object.entries(files)) {
    const path = join(cwd, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  mkdirSync(cwd, { recursive: true });
  return cwd;
}

function loadError(source: string | undefined, cwd: string): string {
  try {
    loadWaivers(source, cwd);
  } catch (error) {
    if (isLaunchError(error, 'WAIVERS_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected loadWaivers to throw');
}

const valid = { test: 'Webhooks > refuses stale deliveries', justification: 'provider bug ZB-12', approvedBy: 'sec-lead', expires: '2026-04-01' };
const now = new Date('2026-03-10T12:00:00Z');
const tests = [
  { id: 't1', fullName: 'Webhooks > refuses stale deliveries', state: 'failed' as const },
  { id: 't2', fullName: 'Webhooks > logs events', state: 'passed' as const },
  { id: 't3', fullName: 'Monitoring > drill', state: 'skipped' as const },
];

describe('loadWaivers', () => {
  it('returns [] when there is no option and no launch-waivers.yaml', () => {
    expect(loadWaivers(undefined, project({}))).toEqual([]);
  });

  it('reads launch-waivers.yaml from cwd by default, as a list or under `waivers:`', () => {
    const list = `- test: ${valid.test}\n  justification: ${valid.justification}\n  approvedBy: ${valid.approvedBy}\n  expires: ${valid.expires}\n`;
    expect(loadWaivers(undefined, project({ [DEFAULT_WAIVER_FILE]: list }))).toEqual([valid]);
    const wrapped = `waivers:\n${list.replace(/^/gm, '  ')}`;
    expect(loadWaivers(undefined, project({ [DEFAULT_WAIVER_FILE]: wrapped }))).toEqual([valid]);
  });

  it('reads a JSON file named by the option, relative to cwd', () => {
    const cwd = project({ 'ops/waivers.json': JSON.stringify({ waivers: [valid] }) });
    expect(loadWaivers('ops/waivers.json', cwd)).toEqual([valid]);
  });

  it('returns inline waivers as given (applyWaivers judges each)', () => {
    const inline = [valid, { ...valid, expires: 'soon' }];
    expect(loadWaivers(inline, dir)).toBe(inline);
  });

  it('fails on a named file that does not exist', () => {
    expect(loadError('nope.yaml', project({}))).toBe('nope.yaml: the waiver file does not exist');
  });

  it('fails on unparseable YAML with file and line', () => {
    const cwd = project({ [DEFAULT_WAIVER_FILE]: '- test: a\n  justification: [unclosed\n' });
    expect(loadError(undefined, cwd)).toMatch(/^launch-waivers\.yaml:\d+: not valid YAML\/JSON: /);
  });

  it('fails on a top level that is neither a list nor { waivers: [...] }', () => {
    const cwd = project({ [DEFAULT_WAIVER_FILE]: 'test: a\n' });
    expect(loadError(undefined, cwd)).toBe('launch-waivers.yaml:1: expected a list of waivers, or an object { waivers: [...] }');
  });

  it('fails on an entry with a missing field, naming file, line, index and field', () => {
    const text = `waivers:\n  - test: a\n    justification: b\n    approvedBy: c\n    expires: 2026-04-01\n  - test: x\n    justification: y\n    expires: 2026-04-01\n`;
    expect(loadError(undefined, project({ [DEFAULT_WAIVER_FILE]: text }))).toMatch(/^launch-waivers\.yaml:6: waivers\[1\]\.approvedBy: /);
  });

  it('fails on an unknown field and on a malformed expiry date, pointing at the line', () => {
    const unknown = `- test: a\n  justification: b\n  approvedBy: c\n  expires: 2026-04-01\n  approved_by: d\n`;
    expect(loadError(undefined, project({ [DEFAULT_WAIVER_FILE]: unknown }))).toBe(
      'launch-waivers.yaml:5: [0].approved_by: unknown field (expected test, justification, approvedBy, expires)',
    );
    const badDate = `- test: a\n  justification: b\n  approvedBy: c\n  expires: 2026-02-30\n`;
    expect(loadError(undefined, project({ [DEFAULT_WAIVER_FILE]: badDate }))).toBe('launch-waivers.yaml:4: [0].expires: 2026-02-30 is not a calendar date');
  });
});

describe('waiverExpiry', () => {
  it('lets a bare date cover its whole UTC day and requires a zone on a date-time', () => {
    expect(waiverExpiry('2026-03-10')).toEqual(new Date('2026-03-11T00:00:00Z'));
    expect(waiverExpiry('2026-03-10T08:00:00+02:00')).toEqual(new Date('2026-03-10T06:00:00Z'));
    expect(waiverExpiry('2026-03-10T08:00:00')).toMatch(/not an ISO 8601 date/);
    expect(waiverExpiry('next week')).toMatch(/not an ISO 8601 date/);
  });
});

describe('applyWaivers', () => {
  it('applies a valid waiver to a failing test matched by full name', () => {
    const result = applyWaivers(tests, [valid], now);
    expect(result.byTestId.get('t1')).toEqual(valid);
    expect(result.used).toEqual([{ ...valid, testId: 't1' }]);
    expect(result.ignored).toEqual([]);
  });

  it('matches by test id, and waives skipped tests too', () => {
    const result = applyWaivers(tests, [{ ...valid, test: 't3' }], now);
    expect([...result.byTestId.keys()]).toEqual(['t3']);
  });

  it('ignores an expired waiver (UTC), but not on its last day', () => {
    expect(applyWaivers(tests, [{ ...valid, expires: '2026-03-10' }], now).byTestId.size).toBe(1);
    const expired = applyWaivers(tests, [{ ...valid, expires: '2026-03-09' }], now);
    expect(expired.byTestId.size).toBe(0);
    expect(expired.ignored).toEqual([{ waiver: { ...valid, expires: '2026-03-09' }, reason: 'expired: 2026-03-09 is before 2026-03-10T12:00:00.000Z' }]);
    expect(applyWaivers(tests, [{ ...valid, expires: '2026-03-10T11:59:59Z' }], now).ignored[0]?.reason).toMatch(/^expired/);
  });

  it('ignores an unmatched waiver and one that names only passing tests', () => {
    const result = applyWaivers(
      tests,
      [
        { ...valid, test: 'Nothing > here' },
        { ...valid, test: 'Webhooks > logs events' },
      ],
      now,
    );
    expect(result.byTestId.size).toBe(0);
    expect(result.ignored.map((i) => i.reason)).toEqual([
      'unmatched: no test has the full name or id "Nothing > here"',
      'unused: every test it names passed, so there is nothing to waive',
    ]);
  });

  it('ignores malformed entries with the field named', () => {
    const bad = [{ test: 't1', justification: 'x', expires: '2026-04-01' }, { ...valid, expires: 'tomorrow' }, 'not an object'];
    const result = applyWaivers(tests, bad, now);
    expect(result.byTestId.size).toBe(0);
    expect(result.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/^malformed: approvedBy: /),
      expect.stringMatching(/^malformed: expires: "tomorrow" is not an ISO 8601 date/),
      expect.stringMatching(/^malformed: \(entry\): /),
    ]);
    expect(result.ignored[2]?.waiver).toBe('not an object');
  });

  it('lets the first of two waivers for the same test win and lists the second as a duplicate', () => {
    const second = { ...valid, test: 't1', approvedBy: 'someone-else' };
    const result = applyWaivers(tests, [valid, second], now);
    expect(result.byTestId.get('t1')).toEqual(valid);
    expect(result.ignored).toEqual([{ waiver: second, reason: 'duplicate: an earlier waiver already covers the test(s) it names' }]);
  });
});
