import type { KeyObject } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { isLaunchError, LaunchError } from '../errors.js';
import { keyIdOf, verifyEnvelope, type VerifiedEnvelope } from './dsse.js';
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

/**
 * The largest record verify reads. A 10,000-test record is a few MB; a file far past that
 * is not a launch record, and reading it whole would only let it exhaust memory.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Verifies record text (the envelope JSON). Throws a LaunchError with a code on any problem. */
export function verifyRecordText(text: string, trusted: readonly KeyObject[]): VerifiedRecord {
  if (Buffer.byteLength(text, 'utf8') > MAX_RECORD_BYTES) throw tooLarge(Buffer.byteLength(text, 'utf8'));
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (cause) {
    throw new LaunchError('RECORD_NOT_JSON', 'the record is not JSON; pass the launch-record.json the reporter wrote', { cause });
  }
  const verified = verifyRecordEnvelope(envelope, trusted);
  const statement = parseStatement(verified.payload);
  const problems = inconsistencies(statement.predicate);
  if (problems.length > 0) {
    throw new LaunchError(
      'RECORD_INCONSISTENT',
      `the signed record contradicts itself: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`,
    );
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
    const fd = openSync(path, 'r');
    try {
      const { size } = fstatSync(fd);
      if (size > MAX_RECORD_BYTES) throw tooLarge(size);
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (cause) {
    if (isLaunchError(cause)) throw cause;
    throw new LaunchError('RECORD_UNREADABLE', `cannot read the record at ${path}`, { cause });
  }
  return verifyRecordText(text, trusted);
}

/**
 * Verifies a record's envelope against the trusted keys. The one place that tells a record
 * signed by another key (`KEY_UNTRUSTED`) from a changed one (`SIGNATURE_INVALID`), for
 * `verify`, `report` and the live run's sandbox link alike.
 */
export function verifyRecordEnvelope(envelope: unknown, trusted: readonly KeyObject[]): VerifiedEnvelope {
  try {
    return verifyEnvelope(envelope, trusted);
  } catch (error) {
    throw isLaunchError(error, 'SIGNATURE_INVALID') ? explainBadSignature(envelope, trusted, error) : error;
  }
}

function tooLarge(bytes: number): LaunchError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new LaunchError(
    'RECORD_TOO_LARGE',
    `the record is ${mb(bytes)}, over the ${mb(MAX_RECORD_BYTES)} a launch record can be; pass the launch-record.json the reporter wrote`,
  );
}

/**
 * A signature that does not verify means one of two things, and they call for different
 * fixes. The envelope's `keyid` hints (DSSE: unauthenticated, so they only pick the wording;
 * the record is refused either way) tell them apart: when no hint names a trusted key, the
 * record was signed by another key, and both ids are named; otherwise it was changed.
 */
function explainBadSignature(envelope: unknown, trusted: readonly KeyObject[], error: LaunchError): LaunchError {
  const signatures = (envelope as { signatures?: Array<{ keyid?: unknown }> }).signatures ?? [];
  const named = [...new Set(signatures.map((s) => s.keyid).filter((k): k is string => typeof k === 'string' && /^[0-9a-f]{64}$/.test(k)))];
  const trustedIds = trusted.map((key) => keyIdOf(key));
  if (named.length === 0) return error;
  if (named.some((id) => trustedIds.includes(id))) {
    return new LaunchError(
      'SIGNATURE_INVALID',
      `the record was changed after it was signed: its signature by trusted key ${named.find((id) => trustedIds.includes(id))} does not verify`,
      { cause: error },
    );
  }
  return new LaunchError(
    'KEY_UNTRUSTED',
    `the record was signed by another key: it names key ${named.join(', ')}, and the trusted key${trustedIds.length > 1 ? 's are' : ' is'} ${trustedIds.join(', ')}. ` +
      'Trust the public half of the key that signed it (verify --key, or the trustedKeys option for a sandbox record), or re-run with the configured signing key (a run without one signs with an ephemeral key and writes launch-evidence/launch-signing.pub.pem)',
    { cause: error },
  );
}
