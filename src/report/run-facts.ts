import { posix } from 'node:path';
import type { LaunchPredicate } from '../record/schema.js';
import { badge, formatDuration, formatTime, okBadge, plural } from './format.js';
import { html, type Interpolation, type Markup } from './markup.js';

/** POSIX shell quoting, so the printed command can be pasted as is. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The public key to verify with: an ephemeral key's public half is written beside the
 * record; a configured key's public half is the user's own file.
 */
export function defaultPublicKeyPath(recordPath: string, signerKind: 'configured' | 'ephemeral'): string {
  if (signerKind === 'configured') return 'launch.pub.pem';
  const dir = posix.dirname(recordPath.replace(/\\/g, '/'));
  return dir === '.' ? 'launch-signing.pub.pem' : `${dir}/launch-signing.pub.pem`;
}

export function verifyCommand(recordPath: string, publicKeyPath: string): string {
  return `npx 0bit-launch verify ${shellQuote(recordPath)} --key ${shellQuote(publicKeyPath)}`;
}

const row = (label: string, value: Interpolation): Markup => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
const list = (items: readonly string[]): Markup | string => (items.length ? html`${items.map((i) => html`<code>${i}</code> `)}` : 'none');

export function renderRunFacts(p: LaunchPredicate): Markup {
  const r = p.run;
  const elapsed = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  const suiteErrors = r.suiteErrors.length
    ? html`<table class="grid"><caption>Errors outside any test (${r.suiteErrors.length})</caption>
        <thead><tr><th scope="col">File</th><th scope="col">Suite or hook</th><th scope="col">Error</th></tr></thead>
        <tbody>${r.suiteErrors.map((e) => html`<tr><th scope="row"><code>${e.file}</code></th><td>${e.name}</td><td><pre class="failure">${e.message}</pre></td></tr>`)}</tbody></table>`
    : '';
  const shard = r.shards.shard ? `shard ${r.shards.shard}` : 'not sharded';
  return html`<table class="grid kv"><caption class="sr-only">Run facts</caption><tbody>
    ${row('Run id', html`<code class="break">${r.id}</code>`)}
    ${row('Started', formatTime(r.startedAt))}
    ${row('Finished', html`${formatTime(r.finishedAt)}${Number.isFinite(elapsed) && elapsed >= 0 ? ` (${formatDuration(elapsed)})` : ''}`)}
    ${row('Outcome', r.reason)}
    ${row('Unhandled errors', html`${r.unhandledErrors === 0 ? okBadge(true, 'none') : okBadge(false, '', plural(r.unhandledErrors, 'error'))}`)}
    ${row('Vitest', html`<code>${r.versions.vitest}</code>`)}
    ${row('Node.js', html`<code>${r.versions.node}</code>`)}
    ${row('0bit-launch', html`<code>${r.versions.plugin}</code>`)}
    ${row('Git commit', r.git ? html`<code class="break">${r.git.commit}</code>${r.git.dirty ? html` ${badge('incomplete', 'uncommitted changes')}` : ' (clean)'}` : 'not a git checkout')}
    ${row('Test name filter', r.filters.testNamePattern ? html`<code>${r.filters.testNamePattern}</code>` : 'none')}
    ${row('File filters', list(r.filters.files))}
    ${row('Tags filter', list(r.filters.tagsFilter))}
    ${row('.only used', r.filters.only ? 'yes' : 'no')}
    ${row('Shards', `${shard}; ${plural(r.shards.merged, 'blob report')} merged; ${r.shards.complete ? 'complete' : 'incomplete'}`)}
  </tbody></table>${suiteErrors}`;
}

export function renderSignature(p: LaunchPredicate, keyid: string, payloadDigest: string, command: string): Markup {
  const kind =
    p.run.signer.kind === 'configured'
      ? 'configured: a key the team manages (ZEROBIT_LAUNCH_SIGNING_KEY or the signingKey option)'
      : 'ephemeral: a one-off key made for this sandbox run; its public half is beside the record';
  return html`<table class="grid kv"><caption class="sr-only">Signature</caption><tbody>
    ${row('Key id', html`<code class="break">${keyid}</code>`)}
    ${row('Signer', kind)}
    ${row('Envelope', 'DSSE, Ed25519 over PAE(payloadType, payload); in-toto Statement v1')}
    ${row('Payload digest', html`<code class="break">sha256:${payloadDigest.replace(/^sha256:/, '')}</code>`)}
  </tbody></table>
  <div class="cmd"><p id="verify-h">Verify this record before you trust this page:</p><pre><code id="verify-cmd">${command}</code></pre><button type="button" class="btn js-only" data-copy="verify-cmd">Copy command</button></div>`;
}
