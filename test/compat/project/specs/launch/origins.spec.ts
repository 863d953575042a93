import { describe, expect, it } from 'vitest';

const ALLOWED = { origin: 'https://shop.example', path: '/checkout' };

/** Accepts a return URL only under the allowed origin + path, compared on the parsed URL, never by prefix. */
async function returnUrls(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => null)) as { returnUrl?: unknown } | null;
  const candidate = body?.returnUrl;
  let url: URL | null = null;
  if (typeof candidate === 'string' && candidate.length <= 2048 && !/[\\\u0000-\u0020\u007f]/.test(candidate)) {
    try {
      url = new URL(candidate);
    } catch {
      url = null;
    }
  }
  const ok =
    url !== null &&
    url.protocol === 'https:' &&
    !url.username &&
    !url.password &&
    !/%(?:2e|2f|5c|00)/i.test(url.pathname) &&
    !url.pathname.includes('//') &&
    url.origin === ALLOWED.origin &&
    (url.pathname === ALLOWED.path || url.pathname.startsWith(`${ALLOWED.path}/`));
  return ok ? Response.json({ returnUrl: url!.href }) : Response.json({ error: 'return_url_not_allowed' }, { status: 422 });
}

describe('Origins and return URLs', { tags: ['launch:origins'] }, () => {
  it('allows an explicit https list', () => {
    expect(['https://shop.example', 'https://www.shop.example']).toBeExplicitOriginAllowlist({ environment: 'live' });
  });

  it('accepts the shop return URL and refuses open-redirect variants', async () => {
    await expect({ fetch: returnUrls }).toAcceptReturnUrl('https://shop.example/checkout/return', { path: '/api/return-url' });
  });
});
