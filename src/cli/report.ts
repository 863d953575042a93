import { dirname, join, relative, resolve } from 'node:path';
import { verifyRecordFile } from '../record/verify.js';
import { writeFileAtomic } from '../record/write.js';
import { renderReport } from '../report/html.js';
import { loadTrustedKeys } from './trusted-keys.js';
import { EXIT, launchFailure, type CliIO } from './io.js';

/** `0bit-launch report`: re-renders the HTML report from a record, after verifying it. */
export function runReport(args: { record: string; keys: string[]; out?: string }, io: CliIO): number {
  try {
    const trusted = loadTrustedKeys(args.keys, io.cwd);
    const recordPath = resolve(io.cwd, args.record);
    const verified = verifyRecordFile(recordPath, trusted);
    const out = resolve(io.cwd, args.out ?? join(dirname(recordPath), 'launch-report.html'));
    writeFileAtomic(
      out,
      renderReport({
        predicate: verified.statement.predicate,
        keyid: verified.keyid,
        payloadDigest: verified.payloadDigest,
        recordPath: relative(io.cwd, recordPath),
        publicKeyPath: relative(io.cwd, resolve(io.cwd, args.keys[0]!)),
      }),
    );
    io.out(`wrote ${relative(io.cwd, out)}`);
    return EXIT.ok;
  } catch (error) {
    return launchFailure(io, error);
  }
}
