import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_SECRET } from './values.js';

export const seen = new Set<string>();
export const log: Array<{ id: string; type: string }> = [];

/** A fetch handler that verifies Standard Webhooks signatures over the raw body. */
export async function webhook(request: Request): Promise<Response> {
  const id = request.headers.get('webhook-id') ?? '';
  const ts = request.headers.get('webhook-timestamp') ?? '';
  const header = request.headers.get('webhook-signature') ?? '';
  if (!/^[\x21-\x7e]{1,255}$/.test(id) || !/^\d{1,12}$/.test(ts) || header.length > 4096) return new Response(null, { status: 400 });
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return new Response(null, { status: 401 });
  const body = Buffer.from(await request.arrayBuffer());
  const key = Buffer.from(WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest();
  const ok = header
    .split(' ')
    .filter((s) => s.startsWith('v1,') && /^[A-Za-z0-9+/]{43}=$/.test(s.slice(3)))
    .some((s) => timingSafeEqual(mac, Buffer.from(s.slice(3), 'base64')));
  if (!ok) return new Response(null, { status: 401 });
  const event = JSON.parse(body.toString('utf8'));
  if (!log.some((e) => e.id === event.id)) log.push({ id: event.id, type: event.type });
  if (event.type === 'session.completed') seen.add(event.data.object.id);
  return Response.json({ received: event.id });
}
