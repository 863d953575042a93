import { PII_KINDS } from '../detect/detectors.js';
import { evidenceFindings } from './scan-evidence.js';
import { forbiddenFindings } from './support-findings.js';
import { readTextInput } from './text-input.js';
import { finishSync, type MatcherState } from './util.js';

/** The support path every runbook must name. */
export const SUPPORT_ADDRESS = 'support@0bit.io';

const SESSION_IDS = /\bses_|\bsession[ _-]?ids?\b/i;
const EVENT_IDS = /\bevt_|\bevent[ _-]?ids?\b/i;
/** An instruction to identify or look a case up by customer data. */
const BY_CUSTOMER_DATA =
  /\b(?:ask|request|collect|look(?:\s+\w+)?\s+up|search|identify|find|match|locate|key)\b[^.\n]{0,80}\b(?:e-?mail(?:\s+address)?|phone(?:\s+number)?|card\s+number|full\s+name|date\s+of\s+birth|home\s+address|IBAN)\b/i;
const NEGATION = /\b(?:never|not|don't|do not|must not|no)\b/i;

function toReferenceSupportPath(this: MatcherState, received: unknown) {
  const name = 'toReferenceSupportPath';
  const input = readTextInput(name, received);
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
      detail:
        [...customerDataLines.map(({ i }) => `${input.file}:${i + 1}`), ...pii.map((f) => `${input.file}:${f.line}:${f.column} ${f.kind} ${f.masked}`)].join(
          ', ',
        ) || undefined,
    },
  ];
  const failed = checks.filter((c) => !c.ok);
  const where = input.fromFile ? input.file : 'the text';
  return finishSync(this, name, 'support', input.fromFile ? 'runbook' : 'text', {
    pass: failed.length === 0,
    summary: failed.length
      ? `${where} does not route support through ids and ${SUPPORT_ADDRESS}: ${failed.length} check(s) failed`
      : `${where} names ${SUPPORT_ADDRESS} and identifies cases by session and event ids`,
    details: [
      ...checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`),
      ...customerDataLines.slice(0, 10).map(({ line, i }) => `${input.file}:${i + 1}: "${line.trim().slice(0, 120)}"`),
    ],
    evidence: { checks, findings: evidenceFindings(pii), details: { file: input.fromFile ? input.file : undefined } },
  });
}

export const toReferenceSupportPathMatcher = { toReferenceSupportPath };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
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
