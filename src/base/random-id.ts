import { randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random alphanumerics; crypto.randomInt draws each without modulo bias. */
export function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/** An id in 0Bit's shape: `evt_…`, `ses_…` (prefix, underscore, 24 alphanumerics). */
export function randomId(prefix: string, length = 24): string {
  return `${prefix}_${randomAlnum(length)}`;
}
