import type { DetectOptions } from './detectors.js';
import type { ScanFinding } from './findings.js';
import { scanText } from './text.js';

interface SourceMapShape {
  sources?: unknown;
  sourcesContent?: unknown;
}

/**
 * Scans each `sourcesContent` entry of a source map as the original file it was, so a
 * finding points at `app.js.map ▸ src/config.ts:3:14`. Returns undefined when the text
 * is not a source map with `sourcesContent` (the caller scans it as plain text). The
 * rest of a map (`mappings`, `names`, paths) holds no values worth a second pass.
 */
export function scanSourceMap(text: string, file: string, options: DetectOptions): ScanFinding[] | undefined {
  let map: SourceMapShape;
  try {
    map = JSON.parse(text) as SourceMapShape;
  } catch {
    return undefined;
  }
  if (!map || typeof map !== 'object' || !Array.isArray(map.sourcesContent)) return undefined;
  const sources = Array.isArray(map.sources) ? map.sources : [];
  const findings: ScanFinding[] = [];
  map.sourcesContent.forEach((content: unknown, i: number) => {
    if (typeof content !== 'string') return;
    const source = typeof sources[i] === 'string' ? (sources[i] as string) : `sources[${i}]`;
    findings.push(...scanText(content, { file, source }, options));
  });
  return findings;
}
