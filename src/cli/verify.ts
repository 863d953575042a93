import { resolve } from 'node:path';
import { isLaunchError } from '../errors.js';
import { verifyRecordFile } from '../record/verify.js';
import { linkSandboxRecord } from '../record/sandbox-link.js';
import { bindingProblems, parseDuration, type Binding } from './binding.js';
import { loadTrustedKeys } from './trusted-keys.js';
import { EXIT, exitFor, launchFailure, type CliIO } from './io.js';

export interface VerifyArgs {
  record: string;
  keys: string[];
  requireReady: boolean;
  json: boolean;
  sandbox?: string;
  sandboxMaxAgeDays: number;
  binding: Binding;
  /** The time --max-age counts from (tests fix it). */
  now?: Date;
}

/** Checks the parsed flags; returns the arguments, or the one-line reason they are wrong. */
export function verifyArgs(values: Record<string, unknown>, positionals: string[]): VerifyArgs | string {
  const keys = (values.key as string[] | undefined) ?? [];
  if (positionals.length !== 1) return `needs exactly one RECORD, got ${positionals.length}`;
  if (keys.length === 0) return 'needs at least one --key (the public key the record must verify with)';
  const binding: Binding = {};
  const environment = values.environment as string | undefined;
  if (environment !== undefined) {
    if (environment !== 'sandbox' && environment !== 'live') return `--environment must be sandbox or live, got ${JSON.stringify(environment)}`;
    binding.environment = environment;
  }
  const surface = values.surface as string | undefined;
  if (surface !== undefined) {
    if (surface.trim() === '') return '--surface must name a product surface, e.g. 0gate';
    binding.surface = surface;
  }
  const commit = values.commit as string | undefined;
  if (commit !== undefined) {
    if (!/^[0-9a-f]{7,64}$/i.test(commit)) return `--commit must be a git commit id (7 to 64 hex digits), got ${JSON.stringify(commit)}`;
    binding.commit = commit;
  }
  const maxAge = values['max-age'] as string | undefined;
  if (maxAge !== undefined) {
    binding.maxAgeMs = parseDuration(maxAge);
    if (binding.maxAgeMs === undefined) return `--max-age must be a duration like 90m, 12h or 7d, got ${JSON.stringify(maxAge)}`;
  }
  const days = Number((values['sandbox-max-age-days'] as string | undefined) ?? '30');
  if (!(days > 0)) return `--sandbox-max-age-days must be a positive number, got ${JSON.stringify(values['sandbox-max-age-days'])}`;
  return {
    record: positionals[0]!,
    keys,
    requireReady: values['require-ready'] === true,
    json: values.json === true,
    sandbox: values.sandbox as string | undefined,
    sandboxMaxAgeDays: days,
    binding,
  };
}

/**
 * `0bit-launch verify`: 0 verified (and ready with --require-ready); 1 not verified, or
 * verified but not for what the flags bind it to; 2 not ready; 3 a --key that cannot be
 * used or did not sign the record; 64 a bad invocation.
 */
export function runVerify(args: VerifyArgs, io: CliIO): number {
  try {
    const trusted = loadTrustedKeys(args.keys, io.cwd);
    const verified = verifyRecordFile(resolve(io.cwd, args.record), trusted);
    const p = verified.statement.predicate;
    const mismatches = bindingProblems(p, verified.keyid, args.binding, args.now ?? new Date());
    const problems: string[] = p.notReadyReasons.map((r) => r.message);
    let sandboxLink = null;
    if (args.sandbox) {
      sandboxLink = linkSandboxRecord({
        path: resolve(io.cwd, args.sandbox),
        trustedKeys: trusted,
        productSurface: p.readiness.productSurface,
        specs: verified.statement.subject,
        maxAgeDays: args.sandboxMaxAgeDays,
        now: new Date(p.run.finishedAt),
      });
      if (sandboxLink.problem) problems.push(`sandbox record: ${sandboxLink.problem}`);
      else if (p.readiness.sandboxEvidenceId !== sandboxLink.id) {
        problems.push(`sandbox record ${sandboxLink.id} is not the one this record links (${p.readiness.sandboxEvidenceId ?? 'none'})`);
      }
    }
    const ready = p.ready && problems.length === 0 && mismatches.length === 0;
    if (args.json) {
      io.out(
        JSON.stringify({
          verified: true,
          bound: mismatches.length === 0,
          ready,
          keyid: verified.keyid,
          payloadDigest: verified.payloadDigest,
          environment: p.environment,
          productSurface: p.readiness.productSurface,
          commit: p.run.git?.commit ?? null,
          finishedAt: p.run.finishedAt,
          partial: p.partial,
          mismatches,
          reasons: problems,
          readiness: p.readiness,
          sandboxLink,
        }),
      );
    } else {
      io.out(`verified: signed by ${verified.keyid} (${p.run.signer.kind} key), payload ${verified.payloadDigest}`);
      for (const m of mismatches) io.err(`NOT for this deploy (${m.code}): ${m.message}`);
      io.out(`${ready ? 'ready' : 'NOT ready'}: ${p.environment}, ${p.readiness.productSurface}${p.partial ? ', partial run' : ''}`);
      for (const problem of problems) io.out(`  - ${problem}`);
    }
    if (mismatches.length > 0) return EXIT.notVerified;
    return args.requireReady && !ready ? EXIT.notReady : EXIT.ok;
  } catch (error) {
    if (!args.json) return launchFailure(io, error);
    const code = isLaunchError(error) ? error.code : 'ERROR';
    io.out(JSON.stringify({ verified: false, ready: false, error: { code, message: (error as Error).message } }));
    return exitFor(error);
  }
}
