import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLaunchError, LaunchError } from '../errors.js';
import { loadPublicKey } from '../record/keys.js';

/**
 * Loads `--key` values as trusted public keys. A private key is refused, though Node would
 * derive its public half: a deploy step that holds the signing key could sign any record
 * it is asked to check, so the key that verifies must never be the one that signs.
 * Throws `KEY_INVALID` for a private key, and loadPublicKey's key errors, naming the flag.
 */
export function loadTrustedKeys(sources: readonly string[], cwd: string): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const source of sources) {
    const isPem = source.includes('-----BEGIN');
    const path = resolve(cwd, source);
    const text = isPem ? source : existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (text !== undefined && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
      throw new LaunchError(
        'KEY_INVALID',
        `--key ${isPem ? '(PEM text)' : source} is a private key; pass its public half (launch.pub.pem), and keep the signing key out of the step that verifies`,
      );
    }
    try {
      keys.push(loadPublicKey(source, cwd));
    } catch (error) {
      if (!isLaunchError(error)) throw error;
      throw new LaunchError(error.code, `--key ${isPem ? '(PEM text)' : source}: ${error.message}`, { cause: error });
    }
  }
  return keys;
}
