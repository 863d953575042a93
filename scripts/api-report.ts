/**
 * The API report: one api/*.api.md per subpath in package.json `exports`, written by API Extractor
 * from the built declarations in dist/ (run `npm run build` first). `npm run api` fails when a
 * committed report differs from the generated one, so a change to the public surface shows up in
 * review; `npm run api -- --update` rewrites the reports. docs/api.md says what the surface is.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';
import { packageEntryPoints } from './package-exports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const update = process.argv.includes('--update');
const temp = mkdtempSync(join(tmpdir(), '0bit-launch-api-'));
if (update) mkdirSync(join(ROOT, 'api'), { recursive: true });

let failed = 0;
try {
  for (const entry of packageEntryPoints(ROOT)) {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: ROOT,
        mainEntryPointFilePath: join(ROOT, entry.types),
        // The built declarations alone, as a user's compiler sees them (not the repo's src paths).
        compiler: {
          overrideTsconfig: {
            compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: ['node'], strict: true, skipLibCheck: true },
            files: [join(ROOT, entry.types)],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: entry.reportName,
          reportFolder: join(ROOT, 'api'),
          reportTempFolder: temp,
          // A type exported as `z.infer<typeof schema>` is only reviewable with the schema's declaration beside it.
          includeForgottenExports: true,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        newlineKind: 'lf',
        messages: {
          extractorMessageReporting: {
            // The report lists these declarations itself (includeForgottenExports).
            'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
            // Everything exported is public (docs/api.md); the package does not use release tags.
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(ROOT, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback(message: ExtractorMessage) {
        // API Extractor's own notes on a changed report are replaced by the line below.
        if (message.messageId === 'console-api-report-changed' || message.messageId === 'console-api-report-copied') message.handled = true;
      },
    });
    if (result.apiReportChanged && !update) {
      console.error(`api/${entry.reportName}.api.md differs from the surface of ${entry.subpath} in dist/ (npm run api -- --update, then review the diff)`);
      failed++;
    } else if (!result.succeeded) {
      console.error(`API Extractor failed on ${entry.subpath}: ${result.errorCount} error(s), ${result.warningCount} warning(s)`);
      failed++;
    } else if (result.apiReportChanged) {
      console.log(`updated api/${entry.reportName}.api.md`);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (failed > 0) process.exit(1);
if (!update) console.log('api/*.api.md match the built package.');
