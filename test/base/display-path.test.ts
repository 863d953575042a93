import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/base/display-path.js';

describe('displayPath', () => {
  it('is relative inside the base and absolute outside it', () => {
    expect(displayPath('/repo/dist/app.js', '/repo')).toBe('dist/app.js');
    expect(displayPath('/elsewhere/app.js', '/repo')).toBe('/elsewhere/app.js');
    expect(displayPath('/repo', '/repo')).toBe('/repo');
    expect(displayPath('/repo-other/x', '/repo')).toBe('/repo-other/x');
  });
});
