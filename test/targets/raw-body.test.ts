import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTarget, send } from '../../src/http/target.js';
import { STACKS, type Stack } from './frameworks.js';

/**
 * Bytes a careless adapter would change: invalid UTF-8, a BOM, CRLF, NUL, U+2028, a lone
 * surrogate's encoding, non-canonical JSON spacing and a trailing newline.
 */
const AWKWARD = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('{ "id" : "evt_1",\r\n  "note": "caf\u00e9 \u2028 \\u00e9 \\/" ,"n":1.50 }\n'),
  Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x0a]),
]);
const TEXT = '{"amount":4200,  "currency":"EUR","note":"na\u00efve r\u00e9sum\u00e9 \u2615"}\n';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(Object.keys(STACKS))('%s', (name) => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close?.();
    stack = undefined;
  });

  it('receives binary raw bodies byte for byte', async () => {
    stack = await STACKS[name]!();
    const res = await send(stack.echo.target, {
      method: 'POST',
      path: stack.echo.path,
      headers: { 'content-type': 'application/octet-stream' },
      body: AWKWARD,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ sha256: sha256(AWKWARD), bytes: AWKWARD.byteLength, contentType: 'application/octet-stream' });
  });

  it('receives JSON text bodies byte for byte, as UTF-8', async () => {
    stack = await STACKS[name]!();
    const res = await send(stack.echo.target, { method: 'POST', path: stack.echo.path, headers: { 'content-type': 'application/json' }, body: TEXT });
    expect(JSON.parse(res.body)).toMatchObject({ sha256: sha256(Buffer.from(TEXT, 'utf8')), bytes: Buffer.byteLength(TEXT) });
  });

  it('receives an empty body as zero bytes', async () => {
    stack = await STACKS[name]!();
    const res = await send(stack.echo.target, { method: 'POST', path: stack.echo.path, body: '' });
    expect(JSON.parse(res.body)).toMatchObject({ sha256: sha256(new Uint8Array()), bytes: 0 });
  });
});

describe('target kinds', () => {
  it('classifies each framework as docs/targets.md describes', async () => {
    const kinds: Record<string, string> = {};
    for (const [name, make] of Object.entries(STACKS)) {
      const stack = await make();
      kinds[name] = describeTarget(stack.webhook.target);
      await stack.close?.();
    }
    expect(kinds).toEqual({
      'Express app (request listener)': 'request-listener',
      'Koa app.callback() (request listener)': 'request-listener',
      'plain Node request listener': 'request-listener',
      'Fastify instance (inject, no port)': 'inject',
      'Hono app (fetch)': 'fetch-object',
      'Next.js route handlers ((Request) => Response)': 'fetch-handler',
      'Next.js route modules ({ POST })': 'route-module',
      'Next.js handler with route context (asFetchHandler)': 'fetch-handler',
      'real server on a URL': 'url',
    });
  });
});
