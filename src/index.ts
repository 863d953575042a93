/**
 * `0bit-launch`: the reporter (default export, so `--reporter=0bit-launch` works) and what a
 * team names in its own code. Every export here is a promise kept across minor versions; the
 * surface is recorded in api/0bit-launch.api.md and docs/api.md says why each part is here.
 */
// The matchers' type augmentations, for any file that imports the package (kept in index.d.ts
// without loading the matchers at run time, which would call expect.extend outside a test).
/// <reference path="./matchers/index.ts" preserve="true" />
import LaunchReporter from './reporter.js';

// The reporter and the plugin.
export default LaunchReporter;
export { LaunchReporter };
export type { LaunchReporterOptions } from './reporter.js';
export { launchPlugin } from './plugin.js';
export type { LaunchOptions } from './config.js';

// HTTP targets.
export { endpoint, asFetchHandler, asRequestListener } from './http/target.js';
export type { Endpoint, HttpTarget, RequestListener, FetchHandler, InjectTarget, FetchTarget, RouteModule } from './http/target.js';

// Alert rules for the monitoring matchers.
export { loadAlertRules } from './monitoring/index.js';
export type { AlertRule, LoadAlertRulesOptions } from './monitoring/index.js';

// The nine areas.
export { AREAS, AREA_IDS } from './areas.js';
export type { Area, AreaId } from './areas.js';

// Errors.
export { LaunchError, isLaunchError } from './errors.js';
export type { LaunchErrorCode } from './errors.js';

// The record: verifying it, and its types (docs/record.md; the JSON is the contract, zod is not).
export { verifyRecordFile, verifyRecordText } from './record/verify.js';
export type { VerifiedRecord } from './record/verify.js';
export { loadPublicKey } from './record/keys.js';
export { PAYLOAD_TYPE, STATEMENT_TYPE, PREDICATE_TYPE } from './record/schema.js';
export type {
  Envelope,
  LaunchStatement,
  Subject,
  LaunchPredicate,
  LaunchReadiness,
  Environment,
  ProductSurface,
  AreaResult,
  AreaStatus,
  Counts,
  ProfileItem,
  Contradiction,
  TestResult,
  TestState,
  Waiver,
  NotReadyReason,
  NotReadyCode,
  SandboxLink,
  RunFacts,
} from './record/schema.js';
export type { Evidence, EvidenceScope, Probe, Finding, Check } from './evidence/types.js';

// Matcher options, one per matcher that takes any: `<matcher without "to">Options`.
export type { LaunchableSurfaceOptions as BeLaunchableSurfaceOptions } from './matchers/product.js';
export type { ServerSideOnlyOptions as BeServerSideOnlyOptions, KeyEnvironment, ClientSurfaceOptions } from './matchers/credentials.js';
export type { BrowserSafeOptions as ExposeOnlyBrowserSafeValuesOptions, SessionScopedOptions as BeSessionScopedOptions, SessionScopeSandbox } from './matchers/browser.js';
export type { AllowOriginOptions, OriginAllowlistOptions as BeExplicitOriginAllowlistOptions, AcceptReturnUrlOptions } from './matchers/origins.js';
export type { VerifyWebhookSignaturesOptions, LogWebhookEventsOptions } from './matchers/webhooks.js';
export type { HonourWebhookContractOptions } from './matchers/to-honour-webhook-contract.js';
export type { CustomScheme, SignatureScheme, SignInput } from './webhooks/schemes.js';
export type { BeIdempotentOptions, BeDuplicateSafeOptions, CompletedSessionsSource, OperationFn, RequestOperation } from './matchers/idempotency.js';
export type { CoverAlertsOptions } from './matchers/monitoring.js';
export type { FireDrillOptions as RaiseAlertOptions, AlertSink } from './monitoring/drill.js';
export type { RedactedOptions as BeRedactedOptions, ExplicitText } from './matchers/support.js';
export type { EnableOptions, CapabilitiesWithSource, DeclaredSource } from './matchers/availability.js';
export type { AvoidClaimsOptions as AvoidHardcodedClaimsOptions, CopySurface, AllowEntry } from './matchers/to-avoid-hardcoded-claims.js';
export type {
  VerificationOutcomesOptions as HandleVerificationOutcomesOptions,
  VerificationIntegration,
  VerificationSandbox,
  RecordedVerification,
} from './matchers/to-handle-verification-outcomes.js';
