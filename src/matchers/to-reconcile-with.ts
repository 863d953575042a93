import { z } from 'zod';
import { describeMismatch, reconcile } from '../idempotency/reconcile.js';
import { finish, misuse, type MatcherState } from './util.js';
import { describeIssues } from '../base/zod-issues.js';

/** Something that knows which sessions it completed: the simulated sandbox, or a stand-in. */
export interface CompletedSessionsSource {
  sessions: {
    list(status: 'completed'): unknown;
  };
}

export type LedgerEntries = ReadonlyArray<{ sessionId: string }>;

const ledgerSchema = z.array(z.looseObject({ sessionId: z.string().min(1) }), { error: 'expected an array of { sessionId }' });
const sessionsSchema = z.array(z.looseObject({ id: z.string().min(1) }));

function completedIds(value: unknown, matcher: string): string[] {
  const list = Array.isArray(value) ? value : (value as { data?: unknown } | null)?.data;
  const parsed = sessionsSchema.safeParse(list);
  if (!parsed.success) misuse(matcher, "sandbox.sessions.list('completed') did not return sessions [{ id }]");
  return parsed.data.map((s) => s.id);
}

export async function toReconcileWith(this: MatcherState, received: unknown, sandbox: CompletedSessionsSource) {
  const name = 'toReconcileWith';
  if (typeof (sandbox as CompletedSessionsSource | undefined)?.sessions?.list !== 'function') {
    misuse(name, "expects the sandbox (an object with sessions.list('completed')) as its argument");
  }
  if (typeof received !== 'function' && !Array.isArray(received)) misuse(name, 'expects the ledger: an array of { sessionId } or a function returning one');
  const parsed = ledgerSchema.safeParse(typeof received === 'function' ? await received() : received);
  if (!parsed.success) misuse(name, describeIssues(parsed.error.issues, 'ledger'));
  const ledger = parsed.data.map((f) => f.sessionId);
  const completed = completedIds(await sandbox.sessions.list('completed'), name);
  if (completed.length === 0) {
    // Reconciling nothing proves nothing: never a vacuous pass.
    return finish(this, name, 'idempotency', 'ledger', {
      pass: false,
      summary: 'the sandbox completed no sessions, so there is nothing to reconcile',
      details: [`complete at least one session (sandbox.sessions.complete(id)) and deliver its events first; the ledger holds ${ledger.length} fulfilments`],
      evidence: { details: { completed: 0, fulfilments: ledger.length } },
    });
  }
  const mismatches = reconcile(completed, ledger);

  const LIMIT = 50;
  const details = mismatches.slice(0, LIMIT).map(describeMismatch);
  if (mismatches.length > LIMIT) details.push(`…and ${mismatches.length - LIMIT} more`);
  const counts = { completed: new Set(completed).size, fulfilments: ledger.length, mismatches: mismatches.length };
  return finish(this, name, 'idempotency', 'ledger', {
    pass: mismatches.length === 0,
    summary: mismatches.length
      ? `the ledger disagrees with the sandbox on ${mismatches.length} session${mismatches.length === 1 ? '' : 's'} (${counts.completed} completed, ${counts.fulfilments} fulfilments)`
      : `the ledger reconciles with the sandbox: ${counts.completed} completed sessions, each fulfilled exactly once, nothing else fulfilled`,
    details: mismatches.length ? details : [],
    evidence: {
      checks: mismatches.slice(0, LIMIT).map((m) => ({ name: `${m.kind} fulfilment`, ok: false, detail: describeMismatch(m) })),
      details: {
        ...counts,
        missing: mismatches.filter((m) => m.kind === 'missing').length,
        duplicate: mismatches.filter((m) => m.kind === 'duplicate').length,
        unexpected: mismatches.filter((m) => m.kind === 'unexpected').length,
      },
    },
  });
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * Passes when every session the sandbox completed has exactly one fulfilment in the
       * ledger (an array of `{ sessionId }` or a function returning one) and the ledger holds
       * nothing the sandbox did not complete; the failure lists each mismatch by id.
       *
       * @example
       * await expect(() => merchant.fulfilments()).toReconcileWith(sandbox)
       */
      toReconcileWith(sandbox: CompletedSessionsSource): Promise<void>;
    }
  }
}
