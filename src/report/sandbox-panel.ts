import type { LaunchPredicate, SandboxLink } from '../record/schema.js';
import { areaBadge, formatTime, okBadge } from './format.js';
import { fragment, html, type Markup } from './markup.js';
import { areaAnchor } from './page-contract.js';

function linkFacts(link: SandboxLink, liveSurface: string): Markup {
  const surface =
    link.productSurface === undefined
      ? 'not known'
      : html`<code>${link.productSurface}</code> ${link.productSurface === liveSurface ? okBadge(true, 'matches live') : okBadge(false, '', 'differs from live')}`;
  return html`<dl class="facts stacked">
    <div><dt>Evidence id</dt><dd>${link.id ? html`<code class="break">${link.id}</code>` : '—'}</dd></div>
    <div><dt>Signature</dt><dd>${okBadge(link.verified, 'verified', 'not verified')}${link.keyid ? html` <span class="muted">key <code class="break">${link.keyid}</code></span>` : ''}</dd></div>
    <div><dt>Ready</dt><dd>${okBadge(link.ready, 'ready', 'not ready')}</dd></div>
    <div><dt>Product surface</dt><dd>${surface}</dd></div>
    <div><dt>Finished</dt><dd>${link.finishedAt ? formatTime(link.finishedAt) : '—'}</dd></div>
    ${link.problem ? html`<div><dt>Problem</dt><dd class="problem">${link.problem}</dd></div>` : ''}
  </dl>`;
}

/**
 * A live record stands on a sandbox record: the link the record holds (all the record
 * says about that run) beside this run's per-area results.
 */
export function renderSandboxPanel(p: LaunchPredicate): Markup {
  const link = p.sandboxRecord;
  const sandbox = link
    ? linkFacts(link, p.readiness.productSurface)
    : html`<p>${okBadge(false, '', 'missing')} No sandbox record was linked. A live run must link a ready sandbox record.</p>`;
  return html`<div class="side">
    <div class="card"><h3>Sandbox record</h3>${sandbox}</div>
    <div class="card"><h3>Sandbox and live, per area</h3>
      <table class="grid compact"><caption class="sr-only">Sandbox and live results per area</caption>
        <thead><tr><th scope="col">Area</th><th scope="col">Sandbox status</th><th scope="col">Live status</th></tr></thead>
        <tbody>${p.areas.map((a) => {
          const inSandbox = link?.areas?.find((s) => s.id === a.id)?.status;
          return html`<tr><th scope="row"><a href="${fragment(areaAnchor(a.id))}">${a.title}</a></th><td>${inSandbox ? areaBadge(inSandbox) : '—'}</td><td>${areaBadge(a.status)}</td></tr>`;
        })}</tbody>
      </table>
    </div>
  </div>`;
}
