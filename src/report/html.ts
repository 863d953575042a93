import escapeHtml from 'escape-html';
import type { LaunchPredicate } from '../record/schema.js';

export interface ReportInput {
  predicate: LaunchPredicate;
  keyid: string;
  /** sha256 of the DSSE payload bytes. */
  payloadDigest: string;
  /** Record file name as the verify command should name it. */
  recordPath: string;
}

/** A first, minimal evidence report; the full report replaces it (issue 6). */
export function renderReport({ predicate, keyid, payloadDigest, recordPath }: ReportInput): string {
  const e = (v: unknown) => escapeHtml(String(v));
  const rows = predicate.areas
    .map((a) => `<tr><th scope="row">${e(a.title)}</th><td>${e(a.status)}</td><td>${a.counts.passed}/${a.counts.total}</td><td>${e(a.checklist)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Launch evidence</title></head>
<body><main><h1>${predicate.ready ? 'READY' : 'NOT READY'} — ${e(predicate.environment)}</h1>
<table><thead><tr><th>Area</th><th>Status</th><th>Passed</th><th>Checklist</th></tr></thead><tbody>${rows}</tbody></table>
<p>Key ${e(keyid)} · payload sha256 ${e(payloadDigest)}</p><pre>npx 0bit-launch verify ${e(recordPath)} --key launch.pub.pem</pre></main></body></html>`;
}
