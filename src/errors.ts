/**
 * Every error 0bit-launch raises on purpose. Tests assert `code`, not wording;
 * messages are one line that names the cause and the fix.
 */
export type LaunchErrorCode =
  | 'CONFIG_INVALID'
  | 'KEY_INVALID'
  | 'KEY_MISSING'
  | 'OUTPUT_UNWRITABLE'
  | 'RECORD_NOT_JSON'
  | 'RECORD_MALFORMED'
  | 'RECORD_TOO_LARGE'
  | 'PAYLOAD_TYPE_UNKNOWN'
  | 'PREDICATE_TYPE_UNKNOWN'
  | 'SIGNATURE_INVALID'
  | 'RECORD_INCONSISTENT'
  | 'KEY_UNTRUSTED'
  | 'SANDBOX_RECORD_INVALID'
  | 'WAIVERS_INVALID'
  | 'ALERT_RULES_INVALID'
  | 'MATCHER_MISUSE'
  | 'TARGET_INVALID'
  | 'SANDBOX'
  | 'SCAN';

export class LaunchError<Code extends LaunchErrorCode = LaunchErrorCode> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LaunchError';
    this.code = code;
  }
}

export function isLaunchError(error: unknown, code?: LaunchErrorCode): error is LaunchError {
  return error instanceof LaunchError && (code === undefined || error.code === code);
}
