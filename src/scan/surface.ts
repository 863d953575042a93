import { mergeReports, type ScanReport } from './findings.js';
import { scanPages, type PageSpec } from './pages.js';
import { scanPath, type ScanOptions } from './tree.js';

/** What a browser receives: a built client directory and/or served pages. */
export interface ClientSurface {
  clientDir?: string;
  pages?: readonly PageSpec[];
}

/** Scans every client-delivered artefact the surface names. */
export async function scanClientSurface(surface: ClientSurface, options: ScanOptions = {}): Promise<ScanReport> {
  const reports: ScanReport[] = [];
  if (surface.clientDir !== undefined) reports.push(await scanPath(surface.clientDir, options));
  if (surface.pages?.length) reports.push(await scanPages(surface.pages, options));
  return mergeReports(...reports);
}
