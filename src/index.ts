/**
 * 0bit-launch: the default export is the reporter, so `--reporter=0bit-launch` works.
 */
// The matchers' type augmentations, for any file that imports the package (kept in index.d.ts
// without loading the matchers at run time, which would call expect.extend outside a test).
/// <reference path="./matchers/index.ts" preserve="true" />
import LaunchReporter from './reporter.js';

export default LaunchReporter;
export { LaunchReporter };
export type { LaunchReporterOptions } from './reporter.js';
export { launchPlugin } from './plugin.js';
export { loadAlertRules, type AlertRule, type LoadAlertRulesOptions } from './monitoring/index.js';
export { launchOptionsSchema, parseLaunchOptions, type LaunchOptions, type ResolvedLaunchOptions } from './config.js';
export { endpoint, asFetchHandler, asRequestListener, type Endpoint, type HttpTarget } from './http/target.js';
export { AREAS, AREA_IDS, type Area, type AreaId } from './areas.js';
export { LaunchError, isLaunchError, LAUNCH_ERROR_DOMAINS, type LaunchErrorCode, type LaunchErrorDomain } from './errors.js';
export * from './record/schema.js';
export { evidenceSchema, probeSchema, findingSchema, checkSchema, type Evidence, type Probe, type Finding, type Check } from './evidence/types.js';
export { verifyRecordText, verifyRecordFile, type VerifiedRecord } from './record/verify.js';
export { loadPublicKey, loadPrivateKey, generateKeyPair } from './record/keys.js';
export { pae, keyIdOf, verifyEnvelope, signEnvelope, Ed25519Signer, type Signer } from './record/dsse.js';
export { decideVerdict, type Verdict, type VerdictInput } from './record/verdict.js';
export type { CustomScheme, SignatureScheme, SignInput } from './webhooks/schemes.js';
export type { VerifyWebhookSignaturesOptions, LogWebhookEventsOptions } from './matchers/webhooks.js';
export type { BeIdempotentOptions, BeDuplicateSafeOptions, CompletedSessionsSource, OperationFn, RequestOperation } from './matchers/idempotency.js';
