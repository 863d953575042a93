export { detect, DEFAULT_SHAPES, type Detection, type DetectorKind, type DetectOptions, type CredentialShapes } from './detectors.js';
export { maskValue } from './mask.js';
export { redactText } from './redact.js';
