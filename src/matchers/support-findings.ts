/**
 * What a support artefact must not hold, shared by the support matchers: secrets, client
 * secrets and raw PII, also inside pasted base64 payload dumps.
 */
import { knownSecrets } from '../evidence/secrets.js';
import { PII_KINDS, SECRET_KINDS, detect, type Detection, type DetectorKind } from '../detect/detectors.js';
import { decodePrintableBase64 } from '../detect/encodings.js';
import { toScanFinding, type ScanFinding } from '../scan/findings.js';
import { LineCursor } from '../scan/locate.js';
import { configuredShapes } from './credential-shapes.js';
import type { TextInput } from './text-input.js';

/** Addresses that are nobody's personal data: 0Bit's own, and reserved documentation domains. */
const NON_PERSONAL_EMAIL = /@(?:0bit\.io|example\.(?:com|net|org)|[a-z0-9.-]+\.(?:example|test|invalid|localhost))$/i;
/** Client secrets and secret-shaped credentials are secrets in support artefacts too. */
const FORBIDDEN: readonly DetectorKind[] = [...SECRET_KINDS, 'client_secret', ...PII_KINDS];
/** Long unquoted base64 runs: a pasted payload dump that may hide what plain text does not. */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

/**
 * Secrets, client secrets and raw PII in the text, also inside pasted base64 payload
 * dumps, minus what is nobody's personal data and what the caller allows.
 */
export function forbiddenFindings(input: TextInput, allow: ReadonlyArray<string | RegExp>): ScanFinding[] {
  const options = { shapes: configuredShapes(), knownSecrets: knownSecrets(), kinds: FORBIDDEN };
  const allowed = (d: Detection) =>
    (d.kind === 'email' && NON_PERSONAL_EMAIL.test(d.value)) || allow.some((a) => (typeof a === 'string' ? a === d.value : a.test(d.value)));
  const plain = detect(input.text, options);
  const found = plain.filter((d) => !allowed(d));
  // `plain` is sorted and its spans do not overlap: one cursor tells whether a run holds one.
  let next = 0;
  BASE64_RUN.lastIndex = 0;
  for (let m = BASE64_RUN.exec(input.text); m; m = BASE64_RUN.exec(input.text)) {
    const start = m.index;
    const end = start + m[0].length;
    while (next < plain.length && plain[next]!.end <= start) next++;
    if (next < plain.length && plain[next]!.start < end) continue;
    const decoded = decodePrintableBase64(m[0]);
    if (!decoded) continue;
    for (const d of detect(decoded, { ...options, decode: false })) {
      if (!allowed(d)) found.push({ ...d, start, end, encoding: 'base64' });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const cursor = new LineCursor();
  cursor.setText(input.text);
  return found.map((d) => toScanFinding(d, { file: input.file, ...cursor.locate(d.start) }));
}
