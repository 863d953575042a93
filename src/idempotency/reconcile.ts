/** One disagreement between the sandbox's completed sessions and the integration's ledger. */
export interface Mismatch {
  sessionId: string;
  kind: 'missing' | 'duplicate' | 'unexpected';
  /** How many fulfilments the ledger holds for the session. */
  fulfilments: number;
}

/**
 * Every completed session must have exactly one fulfilment, and every fulfilment must be
 * of a completed session. Mismatches come back in a stable order: by kind, then by id.
 */
export function reconcile(completed: readonly string[], ledger: readonly string[]): Mismatch[] {
  const counts = new Map<string, number>();
  for (const id of ledger) counts.set(id, (counts.get(id) ?? 0) + 1);
  const done = new Set(completed);
  const out: Mismatch[] = [];
  for (const id of done) {
    const n = counts.get(id) ?? 0;
    if (n === 0) out.push({ sessionId: id, kind: 'missing', fulfilments: 0 });
    else if (n > 1) out.push({ sessionId: id, kind: 'duplicate', fulfilments: n });
  }
  for (const [id, n] of counts) if (!done.has(id)) out.push({ sessionId: id, kind: 'unexpected', fulfilments: n });
  const order = { duplicate: 0, missing: 1, unexpected: 2 };
  return out.sort((a, b) => order[a.kind] - order[b.kind] || a.sessionId.localeCompare(b.sessionId));
}

export function describeMismatch(m: Mismatch): string {
  if (m.kind === 'missing') return `${m.sessionId}: completed in the sandbox but never fulfilled`;
  if (m.kind === 'duplicate') return `${m.sessionId}: fulfilled ${m.fulfilments} times (expected once)`;
  return `${m.sessionId}: fulfilled${m.fulfilments > 1 ? ` ${m.fulfilments} times` : ''} but the sandbox did not complete it`;
}
