import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LaunchError } from '../errors.js';
import { verifyEnvelope } from './dsse.js';
import { parseStatement, sha256Hex } from './statement.js';
import type { LaunchStatement } from './schema.js';
import { inconsistencies } from './consistency.js';

export interface VerifiedRecord {
  statement: LaunchStatement;
  keyid: string;
  payloadDigest: string;
  /** sha256 of the record file as stored: the id a live record links by. */
  recordDigest: string;
}

/** Verifies record text (the envelope JSON). Throws a LaunchError with a code on any problem. */
export function verifyRecordText(text: string, trusted: readonly KeyObject[]): VerifiedRecord {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (cause) {
    throw new LaunchError('RECORD_NOT_JSON', 'the record is not JSON; pass the launch-record.json the reporter wrote', { cause });
  }
  const verified = verifyEnvelope(envelope, trusted);
  const statement = parseStatement(verified.payload);
  const problems = inconsistencies(statement.predicate, verified.keyid);
  if (problems.length > 0) {
    throw new LaunchError('RECORD_INCONSISTENT', `the signed record contradicts itself: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`);
  }
  return {
    statement,
    keyid: verified.keyid,
    payloadDigest: `sha256:${sha256Hex(verified.payload)}`,
    recordDigest: `sha256:${sha256Hex(text)}`,
  };
}

export function verifyRecordFile(path: string, trusted: readonly KeyObject[]): VerifiedRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new LaunchError('RECORD_MALFORMED', `cannot read the record at ${path}`, { cause });
  }
  return verifyRecordText(text, trusted);
}
