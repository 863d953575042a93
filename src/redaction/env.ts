import { classify, detect, SECRET_KINDS, type DetectOptions, type DetectorKind } from '../detect/detectors.js';
import { isMaskable } from './rule.js';

/** Names that say the variable holds a secret. */
const SECRET_NAME = /SECRET|TOKEN|PASSW(?:OR)?D|PASSPHRASE|CREDENTIAL|(?:^|_)KEYS?$/i;
/** …unless they say it is public by design (`ZEROBIT_PUBLISHABLE_KEY`, `*_PUBLIC_KEY`). */
const PUBLIC_NAME = /PUBLISHABLE|PUBLIC/i;

/** A value that names a file holds a reference to the secret, not the secret (`SIGNING_KEY=./keys/launch.pem`). */
function isPathLike(value: string): boolean {
  if (!/^[\w.~/\\:-]+$/.test(value)) return false;
  const hasExtension = /\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(value);
  const absolute = /^(?:~|\.{1,2})?\/|^[A-Za-z]:[\\/]/.test(value);
  return hasExtension || (absolute && /[\\/].*[\\/]/.test(value));
}
/** `scheme://user:password@host…`: the userinfo of a URL. */
const URL_USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#@\s]+)@/;
const SHAPED: readonly DetectorKind[] = [...SECRET_KINDS, 'client_secret'];

export interface EnvSecret {
  /** The variable it came from (for tests and docs; never printed with the value). */
  name: string;
  value: string;
  why: 'name' | 'shape' | 'url-userinfo';
  /** How a URL spells it when that is none of the value's standard forms (`%21` for `!`). */
  written?: string;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The credential in a URL's userinfo, decoded, and as written: the password, or the user
 * when there is no password (`https://<token>@host`, `redis://:<password>@host`). A user
 * name next to a password is an account name, not a secret.
 */
function userinfoSecret(value: string): { value: string; written: string } | undefined {
  const userinfo = URL_USERINFO.exec(value)?.[1];
  if (!userinfo) return undefined;
  const colon = userinfo.indexOf(':');
  const written = colon === -1 ? userinfo : userinfo.slice(colon + 1);
  return written ? { value: decodeComponent(written), written } : undefined;
}

/**
 * The environment values that are secrets by their variable's name (`*SECRET*`, `*TOKEN*`,
 * `*PASSWORD*`, `*_KEY` but not publishable or public ones), by their shape (a secret key,
 * webhook secret, private key, JWT, AWS key… anywhere in the value) or as the credential
 * in a URL's userinfo. Only values the masking rule accepts are returned (rule.ts).
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>, shapes?: DetectOptions['shapes']): EnvSecret[] {
  const out: EnvSecret[] = [];
  const seen = new Set<string>();
  const add = (name: string, value: string, why: EnvSecret['why'], written?: string) => {
    if (seen.has(value) || !isMaskable(value)) return;
    seen.add(value);
    out.push({ name, value, why, ...(written !== undefined && written !== value && written !== encodeURIComponent(value) ? { written } : {}) });
  };
  for (const [name, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value) continue;
    if (SECRET_NAME.test(name) && !PUBLIC_NAME.test(name) && !isPathLike(value) && classify(value, { shapes }) !== 'publishable_key') {
      add(name, value, 'name');
    }
    const credential = userinfoSecret(value);
    if (credential) add(name, credential.value, 'url-userinfo', credential.written);
    for (const d of detect(value, { shapes, kinds: SHAPED, decode: false })) add(name, d.value, 'shape');
  }
  return out;
}
