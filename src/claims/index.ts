/**
 * Launch-confirmation claims in customer-facing copy: permanent region availability
 * claims, exact verification-outcome promises and hardcoded country allowlists.
 */
export { detectClaims, splitClauses, type PhraseKind, type PhraseMatch } from './detect.js';
export { claimsInFile, lineLocator, type ClaimFinding, type ClaimKind, type FileClaims } from './claims.js';
export { extractCopy, formatOf, type CopyFormat, type Segment } from './extract.js';
export { findCountryAllowlists, type AllowlistMatch } from './allowlists.js';
export { partitionAllowed, describeAllowEntry, type AllowEntry, type AllowedFinding, type AllowPartition } from './allow.js';
export { LANGUAGES, SUGGESTIONS, type Language } from './lexicon.js';
export { regionCodes, regionNames } from './regions.js';
export { scanCopy, type CopyScanOptions, type CopyScanReport, type CopySurface } from './scan.js';
