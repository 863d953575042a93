import { createHash } from 'node:crypto';
import { LaunchError } from '../errors.js';
import {
  PAYLOAD_TYPE,
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  statementSchema,
  type Envelope,
  type LaunchPredicate,
  type LaunchStatement,
  type Subject,
} from './schema.js';
import { envelopeOfSigned, signText, type SignedBytes, type Signer } from './dsse.js';
import { firstIssue } from '../base/zod-issues.js';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function buildStatement(subjects: Subject[], predicate: LaunchPredicate): LaunchStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: subjects.length ? subjects : [{ name: 'no-spec-files', digest: { sha256: sha256Hex('') } }],
    predicateType: PREDICATE_TYPE,
    predicate,
  };
}

export interface SignedRecord {
  envelope: Envelope;
  /** `sha256:<hex>` of the payload bytes: what the report and terminal show. */
  payloadDigest: string;
  keyid: string;
}

/**
 * Signs the statement's JSON. Its shape is checked at compile time (the reporter builds it
 * with `satisfies`) and on every read by `parseStatement`; a second runtime copy through
 * zod here would only add memory at the end of a large run.
 */
export function signStatement(statement: LaunchStatement, signer: Signer): SignedRecord {
  const { signed, payloadDigest, keyid } = signStatementBytes(statement, signer);
  return { envelope: envelopeOfSigned(signed), payloadDigest, keyid };
}

/** The same, the payload left as bytes: the record file is written from them (`envelopeFile`). */
export function signStatementBytes(statement: LaunchStatement, signer: Signer): { signed: SignedBytes; payloadDigest: string; keyid: string } {
  const signed = signText(JSON.stringify(statement), signer, PAYLOAD_TYPE);
  return { signed, payloadDigest: `sha256:${sha256Hex(signed.payload)}`, keyid: signer.keyid };
}

/** Parses verified payload bytes; an unknown predicate type or a malformed statement fails closed. */
export function parseStatement(payload: Buffer): LaunchStatement {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (cause) {
    throw new LaunchError('RECORD_MALFORMED', 'the signed payload is not JSON', { cause });
  }
  const type = (json as { predicateType?: unknown })?.predicateType;
  if (type !== PREDICATE_TYPE) {
    throw new LaunchError('PREDICATE_TYPE_UNKNOWN', `predicateType ${JSON.stringify(type)} is not ${PREDICATE_TYPE}`);
  }
  const parsed = statementSchema.safeParse(json);
  if (!parsed.success) {
    throw new LaunchError('RECORD_MALFORMED', `the signed statement does not match the launch-record schema at ${firstIssue(parsed.error.issues, '(root)')}`);
  }
  return parsed.data;
}
