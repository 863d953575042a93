import { fileURLToPath } from 'node:url';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The built browser bundle, served as static files. */
export const clientDir = here('./client');
/** Customer-facing copy outside the bundle: i18n catalogues and email templates. */
export const copyDir = here('./copy');
/** The support runbook. */
export const runbookPath = here('./ops/runbook.md');
/** Prometheus alert rules for the three launch signals. */
export const alertRulesPath = here('./ops/alerts.yml');
/** Environment files shipped with the app; they name server-side variables only. */
export const envFiles = [here('./.env.example'), here('./.env.production')];
