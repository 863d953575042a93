/**
 * `0bit-launch/sandbox`: an in-process simulation of the 0Bit sandbox, built on nock.
 * See docs/sandbox.md.
 */
export { createSandbox, DEFAULT_SANDBOX_BASE_URL } from './sandbox.js';
export type { Sandbox, SandboxOptions, SandboxSessions, SandboxVerifications, SandboxRequest } from './sandbox.js';
export { createVirtualClock } from './clock.js';
export type { VirtualClock } from './clock.js';
export { defaultCapabilities } from './capabilities.js';
export type { CapabilityResponse, CapabilityFlag, CapabilityUpdate } from './capabilities.js';
export { SESSION_STATUSES } from './sessions.js';
export type { Session, SessionInput, SessionStatus } from './sessions.js';
export { EVENT_TYPES } from './events.js';
export type { Event, EventType, EventTypeMap, EventSession } from './events.js';
export { VERIFICATION_TYPES, VERIFICATION_STATUSES, VERIFICATION_OUTCOMES, VERIFICATION_EVENT_TYPES, PROGRAMME_OF } from './verification.js';
export type {
  VerificationSession,
  VerificationInput,
  VerificationStatus,
  VerificationType,
  VerificationOutcome,
  VerificationEventType,
} from './verification.js';
export type { SandboxCredentials } from './credentials.js';
export type { SandboxCall } from './calls.js';
export type { Fault } from './faults.js';
export { SimulatedTimeoutError } from './faults.js';
export type { DeadLetter, DeliveryResult, DeliverOptions, WebhookOptions } from './webhooks.js';
export { ROUTES } from './routes.js';
export type { RouteName } from './routes.js';
export { sandboxOpenApiPath, loadSandboxOpenApi } from './openapi.js';
export type { OpenApiDocument } from './openapi.js';
export type { RawResponse as SandboxResponse } from './intercept.js';
export { startSandboxServer } from './server.js';
export type { SandboxServer, SandboxServerOptions } from './server.js';
export { TRIGGER_PATH } from './control.js';
export type { TriggerResult } from './control.js';
