import { describe, expect, it } from 'vitest';
import { findCountryAllowlists } from '../../src/claims/allowlists.js';
import { extractCopy } from '../../src/claims/extract.js';

const lists = (source: string) => findCountryAllowlists(extractCopy('script', source).tokens, source).map((m) => [m.literal, m.decidedBy]);

describe('findCountryAllowlists', () => {
  it('finds a literal list tested beside the checkout mount: directly, through a name, in a Set', () => {
    expect(lists('if (["DE","FR","ES"].includes(country)) mountCheckout();')).toEqual([['["DE","FR","ES"]', 'includes']]);
    expect(lists('var a=["DE","FR","ES"];function m(){a.includes(c())&&mountPayment()}')).toEqual([['["DE","FR","ES"]', 'includes']]);
    expect(lists("const SUPPORTED = new Set(['DE', 'AT', 'CH']);\nif (SUPPORTED.has(region)) checkout.mount('#pay');")).toEqual([
      ["['DE', 'AT', 'CH']", 'has'],
    ]);
  });

  it('finds comparison chains and switch cases that decide the flow', () => {
    expect(lists('if(u.country==="DE"||u.country==="AT")renderCheckout()')).toEqual([['u.country==="DE"||u.country==="AT"', 'comparison']]);
    expect(lists('switch (c) { case "DE": case "FR": showPayment(); break; }')).toEqual([['case "DE": case "FR":', 'switch']]);
  });

  it('leaves alone lists that do not decide the flow, and lists that are not region codes', () => {
    // A country picker: listed, not tested.
    expect(lists('const countries = ["DE","FR","ES"]; countries.forEach((c) => addOption(c)); mountCheckout();')).toEqual([]);
    // Tested, but nowhere near the checkout.
    expect(lists(`const eu = ["DE","FR"]; const vat = eu.includes(c) ? 0.19 : 0;${' '.repeat(500)}mountCheckout();`)).toEqual([]);
    // Language tags, currencies, a single code, codes the platform does not know.
    expect(lists('if (["de","fr"].includes(lang)) mountCheckout();')).toEqual([]);
    expect(lists('if (["EUR","USD"].includes(cur)) mountCheckout();')).toEqual([]);
    expect(lists('if (["DE"].includes(c)) mountCheckout();')).toEqual([]);
    expect(lists('if (["QQ","XY"].includes(c)) mountCheckout();')).toEqual([]);
    // A capability lookup is what it should be.
    expect(lists('const caps = await (await fetch("/api/capabilities")).json(); if (caps.regions[region]?.enabled) mountCheckout();')).toEqual([]);
  });
});
