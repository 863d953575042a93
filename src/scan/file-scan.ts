import type { Detection, DetectorPlan } from '../detect/detectors.js';
import { record, type Location, type ScanReport } from './findings.js';
import { SourceMapScanner } from './source-maps.js';
import { WindowScanner } from './text.js';

export interface FileScan {
  push(piece: string): void;
  /** Ends the scan; for a source map, why it is not a well-formed one, if it is not. */
  end(): string | undefined;
}

/**
 * Scans one file's (or response's) text into the report, as a source map when it is one.
 * A finding in a map's sourcesContent names its source once the whole map is read, since
 * `sources` may come after `sourcesContent`.
 */
export function fileScan(report: ScanReport, plan: DetectorPlan, file: string, isMap: boolean, allow?: (d: Detection) => boolean): FileScan {
  if (!isMap) {
    const scanner: WindowScanner = new WindowScanner(plan, (d) => record(report, d, allow, where));
    const where = (d: Detection): Location => {
      const at = scanner.position(d);
      return { file, line: at.line, column: at.column };
    };
    return {
      push: (piece) => scanner.push(piece),
      end: () => {
        scanner.end();
      },
    };
  }
  const unnamed: Array<{ location: Location; mapId: number; index: number }> = [];
  let entry = { mapId: 0, index: 0 };
  const map: SourceMapScanner = new SourceMapScanner(plan, {
    raw: (d) => record(report, d, allow, (r) => ({ file, ...map.rawPosition(r) })),
    entry: (d, mapId, index) => {
      entry = { mapId, index };
      const location = record(report, d, allow, entryWhere);
      if (location) unnamed.push({ location, mapId, index });
    },
  });
  const entryWhere = (d: Detection): Location => {
    const at = map.entryPosition(d);
    return { file, line: at.line, column: at.column, source: map.sourceName(entry.mapId, entry.index) };
  };
  return {
    push: (piece) => map.push(piece),
    end: () => {
      map.end();
      for (const u of unnamed) u.location.source = map.sourceName(u.mapId, u.index);
      return map.problem;
    },
  };
}
