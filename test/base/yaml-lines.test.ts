import { describe, expect, it } from 'vitest';
import { parseYamlWithLines } from '../../src/base/yaml-lines.js';

describe('parseYamlWithLines', () => {
  it('gives the line of the deepest value along a path', () => {
    const parsed = parseYamlWithLines('# rules\ngroups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up == 0\n');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.data).toEqual({ groups: [{ name: 'a', rules: [{ alert: 'X', expr: 'up == 0' }] }] });
    expect(parsed.lineOf(['groups', 0, 'rules', 0, 'expr'])).toBe(6);
    expect(parsed.lineOf(['groups', 0, 'rules', 0, 'missing'])).toBe(5);
    expect(parsed.lineOf([])).toBe(2);
  });

  it('reports where the first syntax error is', () => {
    const parsed = parseYamlWithLines('a: 1\nb: [1, 2\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.line).toBeGreaterThanOrEqual(2);
  });
});
