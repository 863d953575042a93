import { describe, expect, it } from 'vitest';
import { bundlePageScript, pageScript } from '../../src/report/page-bundle.js';

describe('the page script bundle', () => {
  it('is built from src/report/page/ the same way every time, as one classic script', () => {
    const script = bundlePageScript();
    expect(bundlePageScript()).toBe(script);
    expect(pageScript()).toBe(script);
    expect(script).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
  });

  it('cannot end or change the inline element that holds it', () => {
    // An HTML parser ends a script element at `</script` and treats `<!--` specially inside it.
    expect(pageScript()).not.toMatch(/<\/script|<!--/i);
  });

  it('builds DOM without parsing HTML', () => {
    expect(pageScript()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|\bFunction\(/);
  });
});
