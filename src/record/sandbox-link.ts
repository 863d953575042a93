import { createHash, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isLaunchError } from '../errors.js';
import type { VerifiedEnvelope } from './dsse.js';
import { parseStatement } from './statement.js';
import { inconsistencies } from './consistency.js';
import { verifyRecordEnvelope } from './verify.js';
import type { SandboxLink, Subject } from './schema.js';

export interface SandboxLinkInput {
  /** The sandbox run's launch-record.json (the DSSE envelope as the reporter wrote it). */
  path: string;
  trustedKeys: readonly KeyObject[];
  /** The live run's product surface: the sandbox record must be for the same one. */
  productSurface: string;
  /** The live run's spec subjects: the sandbox record must cover the same suite. */
  specs: readonly Subject[];
  maxAgeDays: number;
  now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A record "finished" slightly ahead of this machine's clock is clock skew, not forgery. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * Links a live run to the sandbox record it was rehearsed in. Never throws for a bad
 * record: the link's `problem` says why it cannot be used. `id` is `sha256:<hex>` of the
 * record file's bytes, so anyone holding the file can recompute it.
 */
export function linkSandboxRecord(input: SandboxLinkInput): SandboxLink {
  let bytes: Buffer;
  try {
    bytes = readFileSync(input.path);
  } catch (cause) {
    return { id: '', verified: false, ready: false, problem: `cannot read the sandbox record at ${input.path}: ${(cause as Error).message}` };
  }
  const id = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

  let envelope: unknown;
  try {
    envelope = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { id, verified: false, ready: false, problem: 'the sandbox record is not JSON' };
  }
  let verified: VerifiedEnvelope;
  try {
    verified = verifyRecordEnvelope(envelope, input.trustedKeys);
  } catch (error) {
    if (!isLaunchError(error)) throw error;
    return { id, verified: false, ready: false, problem: `the sandbox record does not verify (${error.code}): ${error.message}` };
  }
  const { keyid } = verified;
  let statement: ReturnType<typeof parseStatement>;
  try {
    statement = parseStatement(verified.payload);
  } catch (error) {
    if (!isLaunchError(error)) throw error;
    return { id, verified: true, ready: false, keyid, problem: `the sandbox record's statement is not a launch record (${error.code}): ${error.message}` };
  }

  const { predicate } = statement;
  const contradictions = inconsistencies(predicate);
  if (predicate.run.signer.keyid !== keyid) contradictions.unshift(`it names signer ${predicate.run.signer.keyid} but was signed by ${keyid}`);
  if (contradictions.length > 0)
    return { id, verified: true, ready: false, keyid, problem: `the sandbox record contradicts itself (RECORD_INCONSISTENT): ${contradictions[0]}` };
  const productSurface = predicate.readiness.productSurface;
  const finishedAt = predicate.run.finishedAt;
  const areas = predicate.areas.map((a) => ({ id: a.id, status: a.status }));
  const link: SandboxLink = {
    id,
    verified: true,
    ready: predicate.ready,
    productSurface,
    finishedAt,
    keyid,
    areas,
    sameSuite: sameSuite(statement.subject, input.specs),
  };
  const problem = linkProblem(predicate.environment, predicate.ready, productSurface, finishedAt, input);
  return problem ? { ...link, problem } : link;
}

/** Same spec files with the same bytes: the sandbox rehearsal ran this very suite. */
function sameSuite(sandbox: readonly Subject[], live: readonly Subject[]): boolean {
  const specs = (subjects: readonly Subject[]) =>
    subjects
      .filter((s) => s.digest.sha256 !== undefined)
      .map((s) => `${s.name}\u0000${s.digest.sha256}`)
      .sort()
      .join('\n');
  return specs(sandbox) === specs(live);
}

function linkProblem(environment: string, ready: boolean, surface: string, finishedAt: string, input: SandboxLinkInput): string | undefined {
  if (environment !== 'sandbox') return `the linked record is a ${environment} record, not a sandbox record`;
  if (!ready) return 'the sandbox record was not ready';
  if (surface !== input.productSurface) return `the sandbox record is for product surface ${surface}, this run is for ${input.productSurface}`;
  const finished = Date.parse(finishedAt);
  if (Number.isNaN(finished)) return `the sandbox record's run.finishedAt ${JSON.stringify(finishedAt)} is not a date`;
  if (finished > input.now.getTime() + FUTURE_SKEW_MS) return `the sandbox record finished in the future (${finishedAt})`;
  const ageDays = (input.now.getTime() - finished) / DAY_MS;
  if (ageDays > input.maxAgeDays) {
    return `the sandbox record is ${Math.floor(ageDays)} days old (finished ${finishedAt}); the limit is ${input.maxAgeDays} days — rerun the sandbox suite`;
  }
  return undefined;
}
