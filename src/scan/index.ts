export {
  detect,
  detectWith,
  planFor,
  classify,
  environmentOf,
  DEFAULT_SHAPES,
  SECRET_KINDS,
  CREDENTIAL_KINDS,
  PII_KINDS,
  type Detection,
  type DetectorKind,
  type DetectorPlan,
  type DetectOptions,
  type CredentialShapes,
  type ShapeName,
  type Encoding,
} from './detectors.js';
export { maskValue } from './mask.js';
export { redactText } from './redact.js';
export {
  fingerprint,
  formatLocation,
  describeFinding,
  mergeReports,
  type Location,
  type ScanFinding,
  type ScanReport,
  type SkippedEntry,
  type SkipReason,
  type UnscannedEntry,
  type UnscannedReason,
} from './findings.js';
export { scanText, WindowScanner } from './text.js';
export { scanPath, type ScanOptions } from './tree.js';
export { scanPages, type PageSpec } from './pages.js';
export { scanClientSurface, type ClientSurface } from './surface.js';
export { parseEnv, publicEnvExposures, scanEnvFiles, PUBLIC_ENV_PREFIXES, type EnvExposure } from './env-files.js';
export { allowlistProblems, lookAlikeOrigins, openRedirectProbes, normaliseOrigin } from './origins.js';
