import { describe, expect, it } from 'vitest';
import { launchPlugin } from '../src/plugin.js';
import { parseLaunchOptions } from '../src/config.js';
import { AREAS } from '../src/areas.js';

describe('launchPlugin options', () => {
  it('fills defaults', () => {
    const options = parseLaunchOptions({ productSurface: '0gate' });
    expect(options.output).toEqual({ dir: 'launch-evidence', record: 'launch-record.json', report: 'launch-report.html' });
    expect(options.trustedKeys).toEqual([]);
    expect(options.sandboxRecordMaxAgeDays).toBe(30);
  });

  it.each([
    [{ environment: 'production' }, /environment: Invalid option: expected one of "sandbox"\|"live"/],
    [{ output: { dir: 42 } }, /output\.dir: Invalid input: expected string, received number/],
    [{ trustedKeys: 'key.pem' }, /trustedKeys: Invalid input: expected array, received string/],
    [{ waivers: [{ test: 'x' }] }, /waivers/],
    [{ credentialShapes: { secretKey: '(' } }, /credentialShapes\.secretKey: expected a valid regular expression source/],
    [{ sandboxRecordMaxAgeDays: -1 }, /sandboxRecordMaxAgeDays/],
    [{ productSurfce: '0gate' }, /Unrecognized key: "productSurfce"/],
  ])('names the option path and what was expected for %j', (options, message) => {
    let error: unknown;
    try {
      launchPlugin(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toMatch(/^launchPlugin\(\) options are invalid — /);
    expect((error as Error).message).toMatch(message);
  });

  it('registers the nine launch tags, the matchers setup file and task locations', () => {
    const plugin = launchPlugin({ productSurface: '0gate' });
    const config = (plugin.config as () => { test: { tags: Array<{ name: string }>; setupFiles: string[]; includeTaskLocation: boolean } })();
    expect(config.test.tags.map((t) => t.name)).toEqual(AREAS.map((a) => `launch:${a.id}`));
    expect(config.test.setupFiles[0]).toMatch(/matchers[/\\]index\.(ts|js)$/);
    expect(config.test.includeTaskLocation).toBe(true);
  });
});

describe('require: raising an area profile', () => {
  it('accepts matchers of the named area', async () => {
    const { parseLaunchOptions } = await import('../src/config.js');
    expect(parseLaunchOptions({ require: { monitoring: ['toRaiseAlert'] } }).require).toEqual({ monitoring: ['toRaiseAlert'] });
  });

  it.each([
    [
      { require: { monitoring: ['toVerifyWebhookSignatures'] } },
      /require\.monitoring\[0\]: toVerifyWebhookSignatures is a matcher of webhooks, not monitoring/,
    ],
    [
      { require: { support: ['toBeHelpful'] } },
      /require\.support\[0\]: toBeHelpful is not a launch matcher of support \(one of: toBeRedacted, toReferenceSupportPath\)/,
    ],
    [{ require: { billing: ['toEnable'] } }, /require: Unrecognized key: "billing"/],
  ])('refuses %j with a path-named error', async (options, message) => {
    const { parseLaunchOptions } = await import('../src/config.js');
    expect(() => parseLaunchOptions(options)).toThrow(message);
  });
});
