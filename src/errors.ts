/** The part of 0bit-launch an error comes from, so a caller can handle a whole kind at once. */
export type LaunchErrorDomain = 'config' | 'key' | 'record' | 'verify' | 'target' | 'sandbox' | 'scan' | 'matcher';

/**
 * Every error 0bit-launch raises on purpose, and its domain: one code for one cause, so
 * the code says what to fix. docs/errors.md lists each with its cause, fix and exit code
 * (test/errors.test.ts holds the page to this table).
 */
export const LAUNCH_ERROR_DOMAINS = {
  CONFIG_INVALID: 'config',
  WAIVERS_INVALID: 'config',
  KEY_MISSING: 'key',
  KEY_INVALID: 'key',
  KEY_UNTRUSTED: 'key',
  RECORD_UNREADABLE: 'record',
  RECORD_TOO_LARGE: 'record',
  RECORD_NOT_JSON: 'record',
  RECORD_MALFORMED: 'record',
  OUTPUT_UNWRITABLE: 'record',
  PAYLOAD_TYPE_UNKNOWN: 'verify',
  SIGNATURE_INVALID: 'verify',
  PREDICATE_TYPE_UNKNOWN: 'verify',
  RECORD_INCONSISTENT: 'verify',
  TARGET_INVALID: 'target',
  TARGET_TIMEOUT: 'target',
  SANDBOX_OPTIONS_INVALID: 'sandbox',
  SANDBOX_ARGUMENT_INVALID: 'sandbox',
  SANDBOX_REQUEST_REFUSED: 'sandbox',
  SANDBOX_NO_ENDPOINT: 'sandbox',
  SANDBOX_EVENT_MISSING: 'sandbox',
  SANDBOX_ORIGIN_TAKEN: 'sandbox',
  SANDBOX_LISTEN_FAILED: 'sandbox',
  SCAN_UNREADABLE: 'scan',
  SCAN_TOO_LARGE: 'scan',
  SCAN_ROOT_INVALID: 'scan',
  MATCHER_MISUSE: 'matcher',
  MATCHER_INPUT_UNREADABLE: 'matcher',
  ALERT_RULES_INVALID: 'matcher',
} as const satisfies Record<string, LaunchErrorDomain>;

/** Tests assert `code`, not wording; messages are one line that names the cause and the fix. */
export type LaunchErrorCode = keyof typeof LAUNCH_ERROR_DOMAINS;

export class LaunchError<Code extends LaunchErrorCode = LaunchErrorCode> extends Error {
  readonly code: Code;
  readonly domain: LaunchErrorDomain;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LaunchError';
    this.code = code;
    this.domain = LAUNCH_ERROR_DOMAINS[code];
  }
}

export function isLaunchError(error: unknown, code?: LaunchErrorCode): error is LaunchError {
  return error instanceof LaunchError && (code === undefined || error.code === code);
}
