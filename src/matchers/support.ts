import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { knownSecrets } from '../evidence/secrets.js';
import { configuredShapes } from '../scan/configured-shapes.js';
import { PII_KINDS, SECRET_KINDS, detect, type Detection, type DetectorKind } from '../scan/detectors.js';
import { decodePrintableBase64 } from '../scan/encodings.js';
import { toScanFinding, type ScanFinding } from '../scan/findings.js';
import { LineCursor } from '../scan/locate.js';
import { countByKind, evidenceFindings, findingLines } from '../scan/report-lines.js';
import { displayName } from '../scan/tree.js';
import { finishSync, misuse, type MatcherState } from './util.js';

export interface RedactedOptions {
  /** Values that may appear (your own support address, say), compared exactly or by RegExp. */
  allow?: Array<string | RegExp>;
}

/** The support path every runbook must name. */
export const SUPPORT_ADDRESS = 'support@0bit.io';
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/** Addresses that are nobody's personal data: 0Bit's own, and reserved documentation domains. */
const NON_PERSONAL_EMAIL = /@(?:0bit\.io|example\.(?:com|net|org)|[a-z0-9.-]+\.(?:example|test|invalid|localhost))$/i;
/** Client secrets and secret-shaped credentials are secrets in support artefacts too. */
const FORBIDDEN: readonly DetectorKind[] = [...SECRET_KINDS, 'client_secret', ...PII_KINDS];
/** Long unquoted base64 runs: a pasted payload dump that may hide what plain text does not. */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

interface Input {
  text: string;
  /** The file the text came from, as reports show it; `text` for a string. */
  file: string;
  fromFile: boolean;
}

/**
 * The received value as text. A string naming an existing file is read (a runbook path is
 * the common case); any other string is the text itself.
 */
function readInput(name: string, received: unknown): Input {
  if (received instanceof URL) received = received.pathname;
  if (typeof received !== 'string') return misuse(name, 'expected a string, or the path of a text file');
  let isFile = false;
  try {
    isFile = received.length < 4096 && !received.includes('\n') && statSync(received).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) return { text: received, file: 'text', fromFile: false };
  if (statSync(received).size > MAX_TEXT_BYTES) misuse(name, `${received} is larger than ${MAX_TEXT_BYTES} bytes`);
  return { text: readFileSync(received, 'utf8'), file: displayName(resolve(received), process.cwd()), fromFile: true };
}

function forbiddenFindings(input: Input, allow: ReadonlyArray<string | RegExp>): ScanFinding[] {
  const options = { shapes: configuredShapes(), knownSecrets: knownSecrets(), kinds: FORBIDDEN };
  const allowed = (d: Detection) =>
    (d.kind === 'email' && NON_PERSONAL_EMAIL.test(d.value)) || allow.some((a) => (typeof a === 'string' ? a === d.value : a.test(d.value)));
  const found = detect(input.text, options).filter((d) => !allowed(d));
  BASE64_RUN.lastIndex = 0;
  for (let m = BASE64_RUN.exec(input.text); m; m = BASE64_RUN.exec(input.text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (found.some((d) => d.start < end && start < d.end)) continue;
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
  const input = readInput(name, received);
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
    details: findingLines(findings),
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

const SESSION_IDS = /\bses_|\bsession[ _-]?ids?\b/i;
const EVENT_IDS = /\bevt_|\bevent[ _-]?ids?\b/i;
/** An instruction to identify or look a case up by customer data. */
const BY_CUSTOMER_DATA =
  /\b(?:ask|request|collect|look(?:\s+\w+)?\s+up|search|identify|find|match|locate|key)\b[^.\n]{0,80}\b(?:e-?mail(?:\s+address)?|phone(?:\s+number)?|card\s+number|full\s+name|date\s+of\s+birth|home\s+address|IBAN)\b/i;
const NEGATION = /\b(?:never|not|don't|do not|must not|no)\b/i;

function toReferenceSupportPath(this: MatcherState, received: unknown) {
  const name = 'toReferenceSupportPath';
  const input = readInput(name, received);
  const lines = input.text.split('\n');
  const customerDataLines = lines
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.split(/(?<=[.;!?])\s+/).some((sentence) => BY_CUSTOMER_DATA.test(sentence) && !NEGATION.test(sentence)));
  const pii = forbiddenFindings(input, []).filter((f) => PII_KINDS.includes(f.kind));
  const checks = [
    { name: `names ${SUPPORT_ADDRESS}`, ok: input.text.toLowerCase().includes(SUPPORT_ADDRESS) },
    { name: 'identifies checkouts by session id (ses_…)', ok: SESSION_IDS.test(input.text) },
    { name: 'identifies deliveries by event id (evt_…)', ok: EVENT_IDS.test(input.text) },
    {
      name: 'does not identify cases by customer data',
      ok: customerDataLines.length === 0 && pii.length === 0,
      detail: [...customerDataLines.map(({ i }) => `${input.file}:${i + 1}`), ...pii.map((f) => `${input.file}:${f.line}:${f.column} ${f.kind} ${f.masked}`)].join(', ') || undefined,
    },
  ];
  const failed = checks.filter((c) => !c.ok);
  const where = input.fromFile ? input.file : 'the text';
  return finishSync(this, name, 'support', input.fromFile ? 'runbook' : 'text', {
    pass: failed.length === 0,
    summary: failed.length ? `${where} does not route support through ids and ${SUPPORT_ADDRESS}: ${failed.length} check(s) failed` : `${where} names ${SUPPORT_ADDRESS} and identifies cases by session and event ids`,
    details: [
      ...checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`),
      ...customerDataLines.slice(0, 10).map(({ line, i }) => `${input.file}:${i + 1}: "${line.trim().slice(0, 120)}"`),
    ],
    evidence: { checks, findings: evidenceFindings(pii), details: { file: input.fromFile ? input.file : undefined } },
  });
}

/** Matchers of the `support` area. */
export const supportMatchers = { toBeRedacted, toReferenceSupportPath };

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
      /**
       * Passes when a runbook names `support@0bit.io`, identifies checkouts by session id
       * (`ses_…`) and deliveries by event id (`evt_…`), holds no raw PII and does not tell
       * staff to identify cases by customer data (email, phone, card number, name).
       *
       * @example
       * expect('ops/runbook.md').toReferenceSupportPath()
       */
      toReferenceSupportPath(): void;
    }
  }
}
