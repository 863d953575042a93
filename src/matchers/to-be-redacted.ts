import { knownSecrets } from '../evidence/secrets.js';
import { PII_KINDS, SECRET_KINDS, detect, type Detection, type DetectorKind } from '../detect/detectors.js';
import { decodePrintableBase64 } from '../detect/encodings.js';
import { toScanFinding, type ScanFinding } from '../scan/findings.js';
import { LineCursor } from '../scan/locate.js';
import { configuredShapes } from './credential-shapes.js';
import { countByKind, evidenceFindings, findingLines } from './scan-evidence.js';
import { readTextInput, type ExplicitText, type TextInput } from './text-input.js';
import { finishSync, misuse, type MatcherState } from './util.js';

export interface RedactedOptions {
  /** Values that may appear (your own support address, say), compared exactly or by RegExp. */
  allow?: Array<string | RegExp>;
}

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

function toBeRedacted(this: MatcherState, received: unknown, options: RedactedOptions = {}) {
  const name = 'toBeRedacted';
  const input = readTextInput(name, received);
  const allow = options.allow ?? [];
  if (!Array.isArray(allow) || !allow.every((a) => typeof a === 'string' || a instanceof RegExp)) misuse(name, 'options.allow must be an array of strings or RegExps');
  const findings = forbiddenFindings(input, allow);
  const pass = findings.length === 0;
  const secrets = findings.filter((f) => f.kind !== 'email' && f.kind !== 'phone' && f.kind !== 'card_number' && f.kind !== 'iban');
  const where = input.fromFile ? input.file : 'the text';
  return finishSync(this, name, 'support', input.fromFile ? 'file' : 'text', {
    pass,
    summary: pass
      ? `${where} (${input.text.length} chars) holds no secret, client secret or raw PII`
      : `${where} holds ${secrets.length} secret(s) and ${findings.length - secrets.length} raw PII value(s)`,
    details: findingLines(findings, findings.length),
    evidence: {
      findings: evidenceFindings(findings),
      checks: [
        { name: 'no secrets or client secrets', ok: secrets.length === 0 },
        { name: 'no raw PII (emails, phone numbers, card numbers, IBANs)', ok: findings.length === secrets.length },
      ],
      details: { file: input.fromFile ? input.file : undefined, chars: input.text.length, findings: countByKind(findings) },
    },
  });
}

export const toBeRedactedMatcher = { toBeRedacted };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Passes when the text (or the file a string names, when it names an existing file)
       * holds no secret, client secret or raw PII (emails, phone numbers, Luhn-valid card
       * numbers, IBANs), also inside pasted base64 payload dumps. `support@0bit.io` and
       * addresses at reserved documentation domains (`example.com`, `*.example`, `*.test`)
       * are not personal data; `allow` adds values of your own.
       *
       * @example
       * expect('ops/runbook.md').toBeRedacted()
       * expect(ticketText).toBeRedacted({ allow: ['help@shop.example'] })
       */
      toBeRedacted(options?: RedactedOptions): void;
    }
  }
}

export type { ExplicitText };
