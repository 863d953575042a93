import { describe, expect, it } from 'vitest';
import { mergeFacts, type ModuleBinding } from '../../src/record/run-binding.js';

const root = '/repo';
const digests = new Map([
  ['/repo/specs/a.spec.ts', 'a'.repeat(64)],
  ['/repo/specs/b.spec.ts', 'b'.repeat(64)],
]);
const bound = (file: string, shard: string | null, patch: Partial<ModuleBinding> = {}) => ({
  moduleId: `/repo/specs/${file}`,
  binding: { sha256: digests.get(`/repo/specs/${file}`)!, commit: 'c1', shard, ...patch },
});

describe('mergeFacts: merged shards judged by the modules own bindings', () => {
  it('accepts every shard of 1..n from this commit with these bytes', () => {
    expect(mergeFacts([bound('a.spec.ts', '1/2'), bound('b.spec.ts', '2/2')], digests, 'c1', root)).toEqual({ merged: 2, complete: true, mismatches: [] });
  });

  it('is incomplete when a shard index never arrived', () => {
    expect(mergeFacts([bound('a.spec.ts', '1/3'), bound('b.spec.ts', '3/3')], digests, 'c1', root)).toMatchObject({ merged: 2, complete: false });
  });

  it('names a module from another commit, other bytes, or no binding', () => {
    const facts = mergeFacts(
      [
        bound('a.spec.ts', '1/2', { commit: 'c0' }),
        bound('b.spec.ts', '2/2', { sha256: 'e'.repeat(64) }),
        { moduleId: '/repo/specs/c.spec.ts', binding: undefined },
      ],
      digests,
      'c1',
      root,
    );
    expect(facts.mismatches).toEqual([
      'specs/a.spec.ts ran at commit c0, this checkout is c1',
      expect.stringMatching(/^specs\/b\.spec\.ts changed since its shard ran/),
      'specs/c.spec.ts carries no 0bit-launch binding (its shard ran without the plugin)',
    ]);
  });
});
