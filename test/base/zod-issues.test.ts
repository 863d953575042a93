import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, firstIssue, formatPath, issuePath } from '../../src/base/zod-issues.js';

const schema = z.strictObject({ groups: z.array(z.strictObject({ rules: z.array(z.object({ label: z.string() })) })) });

describe('zod issue formatting', () => {
  it('writes paths as people do: dots for keys, brackets for indexes', () => {
    expect(formatPath(['groups', 0, 'rules', 1, 'label'])).toBe('groups[0].rules[1].label');
    expect(formatPath([0, 'expires'])).toBe('[0].expires');
    expect(formatPath([])).toBe('');
  });

  it('describes every issue on one line, under an option name when given', () => {
    const issues = schema.safeParse({ groups: [{ rules: [{ label: 1 }] }], extra: true }).error!.issues;
    expect(describeIssues(issues)).toMatch(/^groups\[0\]\.rules\[0\]\.label: .+; .*Unrecognized key/);
    expect(describeIssues(issues, 'rules')).toMatch(/^rules\.groups\[0\]\.rules\[0\]\.label: /);
    const whole = z.string().safeParse(1).error!.issues;
    expect(describeIssues(whole)).toBe(whole[0]!.message);
  });

  it('points an unknown key at the key itself, and names the whole value when the issue has no path', () => {
    const unknown = schema.safeParse({ groups: [], extra: true }).error!.issues[0]!;
    expect(issuePath(unknown)).toEqual(['extra']);
    expect(firstIssue([unknown], 'body')).toMatch(/^extra: /);
    expect(firstIssue(z.object({}).safeParse(null).error!.issues, 'body')).toMatch(/^body: /);
  });
});
