import { styleText } from 'node:util';
import type { LaunchPredicate } from '../record/schema.js';

export interface SummaryInput {
  predicate: LaunchPredicate;
  keyid: string;
  payloadDigest: string;
  written: string[];
  color: boolean;
}

const STATUS_STYLE = { passed: 'green', waived: 'yellow', incomplete: 'yellow', failed: 'red' } as const;

/** The launch-gate table printed after Vitest's own summary. Pure: returns text. */
export function renderSummary({ predicate, keyid, payloadDigest, written, color }: SummaryInput): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) => (color ? styleText(style, text) : text);
  const width = Math.max(...predicate.areas.map((a) => a.title.length));
  const lines = ['', paint('bold', ` 0bit-launch gate (${predicate.environment}, ${predicate.readiness.productSurface})`), ''];
  for (const area of predicate.areas) {
    const c = area.counts;
    const counts = `${c.passed}/${c.total} passed${c.failed ? `, ${c.failed} failed` : ''}${c.skipped + c.todo ? `, ${c.skipped + c.todo} skipped` : ''}${c.waived ? `, ${c.waived} waived` : ''}`;
    const proved = area.profile.filter((p) => p.status === 'supported').length;
    const evidence = area.profile.length ? `  evidence ${proved}/${area.profile.length}` : '';
    const bare = area.unsupported.length ? paint('dim', `  (${area.unsupported.length} passed without evidence)`) : '';
    lines.push(`   ${area.title.padEnd(width)}  ${paint(STATUS_STYLE[area.status], area.status.toUpperCase().padEnd(10))}  ${counts}${evidence}${bare}`);
  }
  lines.push('');
  if (predicate.ready) lines.push(paint(['bold', 'green'], ' READY'));
  else {
    lines.push(paint(['bold', 'red'], predicate.partial ? ' NOT READY (partial run)' : ' NOT READY'));
    for (const reason of predicate.notReadyReasons) lines.push(`   - ${reason.message}${reason.docs ? paint('dim', ` (see ${reason.docs})`) : ''}`);
  }
  const flaky = predicate.tests.filter((t) => t.flaky).length;
  if (flaky) lines.push(paint('yellow', `   ${flaky} test(s) passed only after a retry (flaky); their earlier tries do not count`));
  if (predicate.untagged.length) lines.push(paint('dim', `   ${predicate.untagged.length} test(s) without a launch:<area> tag were not counted`));
  if (predicate.waivers.ignored.length)
    lines.push(paint('yellow', `   ${predicate.waivers.ignored.length} waiver(s) ignored: ${predicate.waivers.ignored.map((w) => w.reason).join('; ')}`));
  lines.push('');
  lines.push(`   record   ${payloadDigest}`);
  lines.push(`   key id   ${keyid} (${predicate.run.signer.kind})`);
  for (const path of written) lines.push(`   wrote    ${path}`);
  lines.push('');
  return lines.join('\n');
}
