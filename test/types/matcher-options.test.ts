/**
 * Every launch matcher's parameters, named from the package root the way a user's code names them.
 * Checked by tsc twice: by `npm run typecheck` against src/, and by test/types/exports.test.ts
 * against the built declarations in dist/ (tsconfig.dist.json, no paths). A matcher added to the
 * registry without its parameters here, or an option type missing from the root, fails both.
 */
import { expectTypeOf, it } from 'vitest';
import type { Assertion } from 'vitest';
import type * as Launch from '0bit-launch';
import type { launchMatchers } from '../../src/matchers/registry.js';

type MatcherName = keyof typeof launchMatchers;

/** What each matcher takes; an options argument is `<matcher without "to">Options`. */
interface Expected {
  toBeLaunchableSurface: [options?: Launch.BeLaunchableSurfaceOptions];
  toUseOnlyDocumentedEndpoints: [openapi: string | object];
  toBeServerSideOnly: [options: Launch.BeServerSideOnlyOptions];
  toBeKeyForEnvironment: [environment?: Launch.KeyEnvironment];
  toExposeOnlyBrowserSafeValues: [options: Launch.ExposeOnlyBrowserSafeValuesOptions];
  toBeSessionScoped: [options: Launch.BeSessionScopedOptions];
  toAllowOrigin: [origin: string, options?: Launch.AllowOriginOptions];
  toBeExplicitOriginAllowlist: [options: Launch.BeExplicitOriginAllowlistOptions];
  toAcceptReturnUrl: [url: string, options?: Launch.AcceptReturnUrlOptions];
  toVerifyWebhookSignatures: [options: Launch.VerifyWebhookSignaturesOptions];
  toLogWebhookEvents: [options: Launch.LogWebhookEventsOptions];
  toHonourWebhookContract: [options: Launch.HonourWebhookContractOptions];
  toBeIdempotent: [options: Launch.BeIdempotentOptions];
  toBeDuplicateSafe: [options: Launch.BeDuplicateSafeOptions];
  toReconcileWith: [sandbox: Launch.CompletedSessionsSource];
  toCoverAlerts: [signals?: readonly string[], options?: Launch.CoverAlertsOptions];
  toRaiseAlert: [signal: string, options: Launch.RaiseAlertOptions];
  toBeRedacted: [options?: Launch.BeRedactedOptions];
  toReferenceSupportPath: [];
  toEnable: [options: Launch.EnableOptions];
  toAvoidHardcodedClaims: [options?: Launch.AvoidHardcodedClaimsOptions];
  toHandleVerificationOutcomes: [options?: Launch.HandleVerificationOutcomesOptions];
}

it('names every matcher and each of its parameters from the package root', () => {
  expectTypeOf<MatcherName>().toEqualTypeOf<keyof Expected>();
  expectTypeOf<{ [K in MatcherName]: Parameters<Assertion[K]> }>().toEqualTypeOf<Expected>();
});

it('names the types the options refer to', () => {
  expectTypeOf<Launch.BeDuplicateSafeOptions['effects']>().toEqualTypeOf<Launch.EffectCounter>();
  expectTypeOf<Launch.BeDuplicateSafeOptions['sandbox']>().toEqualTypeOf<Launch.WebhookSandbox | undefined>();
  expectTypeOf<Launch.BeDuplicateSafeOptions['event']>().toEqualTypeOf<Launch.WebhookEventInput | undefined>();
  expectTypeOf<Parameters<Launch.OperationFn>[1]>().toEqualTypeOf<{ payload: Launch.OperationPayload }>();
  expectTypeOf<Launch.RaiseAlertOptions['sink']>().toEqualTypeOf<Launch.AlertSink>();
  expectTypeOf<Launch.AvoidHardcodedClaimsOptions['languages']>().toEqualTypeOf<Launch.ClaimLanguage[] | undefined>();
  expectTypeOf<Launch.BeServerSideOnlyOptions>().toExtend<Launch.ClientSurfaceOptions>();
});
