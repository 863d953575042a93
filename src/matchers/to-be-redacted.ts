import { countByKind, evidenceFindings, findingLines } from './scan-evidence.js';
import { forbiddenFindings } from './support-findings.js';
import { readTextInput, type ExplicitText } from './text-input.js';
import { finishSync, misuse, type MatcherState } from './util.js';

export interface RedactedOptions {
  /** Values that may appear (your own support address, say), compared exactly or by RegExp. */
  allow?: Array<string | RegExp>;
}

function toBeRedacted(this: MatcherState, received: unknown, options: RedactedOptions = {}) {
  const name = 'toBeRedacted';
  const input = readTextInput(name, received);
  const allow = options.allow ?? [];
  if (!Array.isArray(allow) || !allow.every((a) => typeof a === 'string' || a instanceof RegExp))
    misuse(name, 'options.allow must be an array of strings or RegExps');
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
