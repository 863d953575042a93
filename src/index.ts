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
export type { PageSpec } from './http/crawl.js';

// Alert rules for the monitoring matchers.
export { loadAlertRules } from './monitoring/index.js';
export type { AlertRule, LoadAlertRulesOptions } from './monitoring/index.js';

// The nine areas.
export { AREAS, AREA_IDS } from './areas.js';
export type { Area, AreaId } from './areas.js';

// Errors.
export { LaunchError, isLaunchError, LAUNCH_ERROR_DOMAINS } from './errors.js';
export type { LaunchErrorCode, LaunchErrorDomain } from './errors.js';

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

// What the matchers take: every option type as `<matcher without "to">Options` (a matcher taking other
// arguments names them: KeyEnvironment, CompletedSessionsSource), and the types those options name.
// test/types/matcher-options.test.ts holds each equal to its matcher's parameter.
export type { LaunchableSurfaceOptions as BeLaunchableSurfaceOptions } from './matchers/product.js';
export type { ServerSideOnlyOptions as BeServerSideOnlyOptions } from './matchers/to-be-server-side-only.js';
export type { ClientSurfaceOptions } from './matchers/client-surface.js';
export type { KeyEnvironment } from './matchers/to-be-key-for-environment.js';
export type { BrowserSafeOptions as ExposeOnlyBrowserSafeValuesOptions } from './matchers/to-expose-only-browser-safe-values.js';
export type { SessionScopedOptions as BeSessionScopedOptions, SessionScopeSandbox } from './matchers/to-be-session-scoped.js';
export type { AllowOriginOptions } from './matchers/to-allow-origin.js';
export type { OriginAllowlistOptions as BeExplicitOriginAllowlistOptions } from './matchers/to-be-explicit-origin-allowlist.js';
export type { AcceptReturnUrlOptions } from './matchers/to-accept-return-url.js';
export type { VerifyWebhookSignaturesOptions } from './matchers/to-verify-webhook-signatures.js';
export type { LogWebhookEventsOptions } from './matchers/to-log-webhook-events.js';
export type { HonourWebhookContractOptions } from './matchers/to-honour-webhook-contract.js';
export type { CustomScheme, SignatureScheme, SignInput } from './webhooks/schemes.js';
export type { EventInput as WebhookEventInput } from './webhooks/events.js';
export type { SandboxLike as WebhookSandbox } from './matchers/event-source.js';
export type { BeIdempotentOptions } from './matchers/to-be-idempotent.js';
export type { BeDuplicateSafeOptions } from './matchers/to-be-duplicate-safe.js';
export type { Effects as EffectCounter } from './matchers/effects-control.js';
export type { OperationFn, RequestOperation, Payload as OperationPayload } from './idempotency/operation.js';
export type { CompletedSessionsSource } from './matchers/to-reconcile-with.js';
export type { CoverAlertsOptions } from './matchers/monitoring.js';
export type { FireDrillOptions as RaiseAlertOptions, AlertSink } from './monitoring/drill.js';
export type { AlertRuleFormat } from './monitoring/rules.js';
export type { RedactedOptions as BeRedactedOptions, ExplicitText } from './matchers/to-be-redacted.js';
export type { EnableOptions, CapabilitiesWithSource, DeclaredSource } from './matchers/availability.js';
export type { AvoidClaimsOptions as AvoidHardcodedClaimsOptions } from './matchers/to-avoid-hardcoded-claims.js';
export type { CopySurface } from './claims/scan.js';
export type { AllowEntry } from './claims/allow.js';
export type { Language as ClaimLanguage } from './claims/lexicon.js';
export type {
  VerificationOutcomesOptions as HandleVerificationOutcomesOptions,
  VerificationIntegration,
  VerificationSandbox,
  RecordedVerification,
} from './matchers/to-handle-verification-outcomes.js';
