import { resolve } from 'node:path';
import { isLaunchError } from '../errors.js';
import { loadPublicKey } from '../record/keys.js';
import { verifyRecordFile } from '../record/verify.js';
import { linkSandboxRecord } from '../record/sandbox-link.js';
import { EXIT, type CliIO } from './io.js';

export interface VerifyArgs {
  record: string;
  keys: string[];
  requireReady: boolean;
  json: boolean;
  sandbox?: string;
  sandboxMaxAgeDays: number;
}

/** `0bit-launch verify`: 0 verified (and ready with --require-ready), 1 not verified, 2 not ready. */
export function runVerify(args: VerifyArgs, io: CliIO): number {
  let trusted;
  try {
    trusted = args.keys.map((k) => loadPublicKey(k, io.cwd));
  } catch (error) {
    io.err(`0bit-launch verify: ${(error as Error).message}`);
    return EXIT.usage;
  }
  try {
    const verified = verifyRecordFile(resolve(io.cwd, args.record), trusted);
    const p = verified.statement.predicate;
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
    const ready = p.ready && problems.length === 0;
    if (args.json) {
      io.out(JSON.stringify({ verified: true, ready, keyid: verified.keyid, payloadDigest: verified.payloadDigest, environment: p.environment, partial: p.partial, reasons: problems, readiness: p.readiness, sandboxLink }));
    } else {
      io.out(`verified: signed by ${verified.keyid} (${p.run.signer.kind} key), payload ${verified.payloadDigest}`);
      io.out(`${ready ? 'ready' : 'NOT ready'}: ${p.environment}, ${p.readiness.productSurface}${p.partial ? ', partial run' : ''}`);
      for (const problem of problems) io.out(`  - ${problem}`);
    }
    return args.requireReady && !ready ? EXIT.notReady : EXIT.ok;
  } catch (error) {
    const code = isLaunchError(error) ? error.code : 'ERROR';
    if (args.json) io.out(JSON.stringify({ verified: false, ready: false, error: { code, message: (error as Error).message } }));
    else io.err(`NOT verified (${code}): ${(error as Error).message}`);
    return EXIT.notVerified;
  }
}
