/** One redactor for everything the run prints or signs (docs/secrets.md). */
export { createRunRedactor, type RunRedactor, type RedactorOptions, type Shapes } from './redactor.js';
export { redactPredicate } from './predicate.js';
export { maskOutput, type MaskedOutput, type OutputStream, type OutputStreams } from './output.js';
export { localRedactor } from './local.js';
export { fingerprintsOf, fingerprintable, type Fingerprint } from './fingerprint.js';
export { SECRET_ARTIFACT_TYPE, fingerprintsIn, type SecretArtifact } from './artifact.js';
export { secretsFromEnv, type EnvSecret } from './env.js';
export { isMaskable, unmaskableReason } from './rule.js';
export { formsOf, type Form } from './forms.js';
