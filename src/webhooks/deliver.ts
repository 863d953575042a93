import { exchange, type Exchange } from '../http/exchange.js';
import type { Endpoint, SendOptions } from '../http/target.js';
import { nowSeconds, type WebhookEvent } from './events.js';
import { signDelivery, type SignatureScheme } from './schemes.js';

/** POSTs a raw body with headers to the endpoint. */
export function post(ep: Endpoint, headers: Record<string, string>, body: string, options: SendOptions = {}): Promise<Exchange> {
  return exchange(ep.target, { method: 'POST', path: ep.path, headers, body }, options);
}

/** Signs `event` now (as a sender's retry does) with the first secret, and delivers it. */
export function deliverSigned(
  ep: Endpoint,
  event: WebhookEvent,
  signing: { scheme: SignatureScheme; secrets: readonly string[]; timestamp?: number },
): Promise<Exchange> {
  return post(ep, signedHeaders(event, signing), JSON.stringify(event));
}

export function signedHeaders(event: WebhookEvent, signing: { scheme: SignatureScheme; secrets: readonly string[]; timestamp?: number }) {
  const [secret] = signing.secrets;
  return signDelivery(signing.scheme, {
    id: event.id,
    timestamp: signing.timestamp ?? nowSeconds(),
    body: JSON.stringify(event),
    secrets: secret === undefined ? [] : [secret],
  });
}
