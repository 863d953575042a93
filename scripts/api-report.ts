/**
 * The API report: one api/*.api.md per subpath in package.json `exports`, written by API Extractor
 * from the built declarations in dist/ (run `npm run build` first). `npm run api` fails when a
 * committed report differs from the generated one, so a change to the public surface shows up in
 * review; `npm run api -- --update` rewrites the reports. API Extractor leaves out additions to
 * other modules' types (the matchers' signatures): scripts/api-augmentations.ts reports those. docs/api.md says what the surface is.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';
import { augmentationsReport } from './api-augmentations.js';
import { packageEntryPoints } from './package-exports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const update = process.argv.includes('--update');
const QUIET = new Set<string>(['console-compiler-version-notice', 'console-api-report-not-copied', 'console-api-report-copied', 'console-api-report-created']);
const temp = mkdtempSync(join(tmpdir(), '0bit-launch-api-'));
if (update) mkdirSync(join(ROOT, 'api'), { recursive: true });

let failed = 0;
try {
  const entries = packageEntryPoints(ROOT);
  for (const entry of entries) {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: ROOT,
        mainEntryPointFilePath: join(ROOT, entry.types),
        // The built declarations alone, as a user's compiler sees them (not the repo's src paths).
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'ES2022',
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              lib: ['ES2023', 'DOM'],
              types: ['node'],
              strict: true,
              skipLibCheck: true,
            },
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
      // In CI the diff is what a reviewer needs; the notes naming the temporary copy are not.
      printApiReportDiff: !update,
      messageCallback(message: ExtractorMessage) {
        if (QUIET.has(message.messageId)) message.handled = true;
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
  // API Extractor does not report `declare global` / `declare module` blocks: the matchers' signatures.
  const augmentations = join(ROOT, 'api', '0bit-launch-augmentations.api.md');
  const text = augmentationsReport(
    ROOT,
    entries.map((e) => e.types),
  );
  const committed = existsSync(augmentations) ? readFileSync(augmentations, 'utf8') : null;
  if (committed !== text && update) {
    writeFileSync(augmentations, text);
    console.log('updated api/0bit-launch-augmentations.api.md');
  } else if (committed !== text) {
    console.error('api/0bit-launch-augmentations.api.md differs from the type augmentations in dist/ (npm run api -- --update, then review the diff)');
    failed++;
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (failed > 0) process.exit(1);
if (!update) console.log('api/*.api.md match the built package.');
