import { resolve } from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { readInput } from '../base/read-input.js';
import { LAUNCHABLE_SURFACES, REVIEW_ONLY_SURFACES } from '../record/schema.js';
import { finishSync, misuse, type MatcherState } from './util.js';
import { runContext } from './run-context.js';
import { describeIssues } from '../base/zod-issues.js';

export interface LaunchableSurfaceOptions {
  /** The recorded compliance approval a review-only surface needs, or `false` for none. */
  complianceApproved?: { reference: string; approvedBy: string } | false;
}

const surfaceOptionsSchema = z.strictObject({
  complianceApproved: z.union([z.literal(false), z.strictObject({ reference: z.string().trim().min(1), approvedBy: z.string().trim().min(1) })]).optional(),
});

function toBeLaunchableSurface(this: MatcherState, surface: unknown, options: unknown = {}) {
  // `expect().toBeLaunchableSurface()` judges the run's own surface.
  const received = surface === undefined ? runContext()?.productSurface : surface;
  if (typeof received !== 'string' || received === '') {
    misuse(
      'toBeLaunchableSurface',
      'expect(surface): the received value must be the product surface id, e.g. "0gate" (or nothing, with launchPlugin({ productSurface }) configured)',
    );
  }
  const opts = surfaceOptionsSchema.safeParse(options);
  if (!opts.success)
    misuse('toBeLaunchableSurface', `options: ${describeIssues(opts.error.issues)} (complianceApproved is { reference, approvedBy } or false)`);
  const approval = opts.data.complianceApproved || undefined;
  const launchable = (LAUNCHABLE_SURFACES as readonly string[]).includes(received);
  const reviewOnly = (REVIEW_ONLY_SURFACES as readonly string[]).includes(received);
  const pass = launchable || (reviewOnly && approval !== undefined);
  const summary = launchable
    ? `${received} is a launchable product surface`
    : reviewOnly
      ? approval
        ? `${received} is review-only and has a recorded compliance approval (${approval.reference}, approved by ${approval.approvedBy})`
        : `${received} is review-only and has no recorded compliance approval`
      : `${received} is not a known product surface`;
  const details =
    launchable || (reviewOnly && approval)
      ? []
      : reviewOnly
        ? ['review-only surfaces launch only with a compliance approval: pass { complianceApproved: { reference, approvedBy } }']
        : [`launchable: ${LAUNCHABLE_SURFACES.join(', ')}; review-only (with approval): ${REVIEW_ONLY_SURFACES.join(', ')}`];
  return finishSync(this, 'toBeLaunchableSurface', 'product', 'surface', {
    pass,
    summary,
    details,
    evidence: {
      checks: [
        { name: 'surface is known', ok: launchable || reviewOnly, detail: received },
        ...(reviewOnly
          ? [
              {
                name: 'compliance approval recorded',
                ok: approval !== undefined,
                detail: approval ? `${approval.reference} by ${approval.approvedBy}` : undefined,
              },
            ]
          : []),
      ],
      details: { surface: received, kind: launchable ? 'launchable' : reviewOnly ? 'review-only' : 'unknown', compliance: approval ?? null },
      scope: { surface: received },
    },
  });
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const serverSchema = z.object({
  url: z.string(),
  variables: z.record(z.string(), z.object({ default: z.string() })).optional(),
});
const openApiSchema = z.object({
  openapi: z.string().regex(/^3\.\d+(\.\d+)?/, 'expected an OpenAPI 3.x document'),
  servers: z.array(serverSchema).optional(),
  paths: z.record(z.string(), z.object({ servers: z.array(serverSchema).optional() }).catchall(z.unknown())),
});
type Server = z.infer<typeof serverSchema>;

interface Operation {
  template: string;
  pattern: RegExp;
  methods: Set<string>;
}

/** A server URL's path (`https://api.example/v1` → `/v1`), with `{variables}` set to their defaults. */
function basePath(server: Server): string {
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => server.variables?.[name]?.default ?? '');
  const path = new URL(url, 'http://relative.invalid').pathname;
  return path.replace(/\/+$/, '');
}

function compileOperations(doc: z.infer<typeof openApiSchema>): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, item]) => {
    const bases = [...new Set((item.servers ?? doc.servers ?? [{ url: '/' }]).map(basePath))];
    const methods = new Set(HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => m.toUpperCase()));
    const body = template
      .split(/\{[^}]+\}/)
      .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    return bases.map((base) => ({ template: `${base}${template}`, pattern: new RegExp(`^${base.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}${body}/?$`), methods }));
  });
}

function loadOpenApi(source: unknown): z.infer<typeof openApiSchema> {
  let doc = source;
  if (typeof source === 'string') {
    const text = readInput(`toUseOnlyDocumentedEndpoints: the OpenAPI document ${source}`, resolve(source));
    try {
      doc = parseYaml(text);
    } catch (error) {
      misuse('toUseOnlyDocumentedEndpoints', `the OpenAPI document ${source} is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const parsed = openApiSchema.safeParse(doc);
  if (!parsed.success) misuse('toUseOnlyDocumentedEndpoints', `not an OpenAPI 3.x document: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

const callSchema = z.union([z.object({ method: z.string().min(1), url: z.string().min(1) }), z.object({ method: z.string().min(1), path: z.string().min(1) })]);

/** The path of a recorded call, whether it holds an absolute URL or a path with a query. */
function callPath(call: z.infer<typeof callSchema>): string {
  const raw = 'url' in call ? call.url : call.path;
  return new URL(raw, 'http://relative.invalid').pathname;
}

function toUseOnlyDocumentedEndpoints(this: MatcherState, received: unknown, openapi: unknown) {
  const calls = z.array(callSchema).safeParse(received);
  if (!calls.success)
    misuse(
      'toUseOnlyDocumentedEndpoints',
      `expect(calls): expected a list of { method, url } or { method, path } (e.g. sandbox.calls) — ${describeIssues(calls.error.issues)}`,
    );
  const operations = compileOperations(loadOpenApi(openapi));
  const undocumented = new Map<string, { count: number; why: string }>();
  for (const call of calls.data) {
    const method = call.method.toUpperCase();
    const path = callPath(call);
    const byPath = operations.filter((op) => op.pattern.test(path));
    if (byPath.some((op) => op.methods.has(method))) continue;
    const key = `${method} ${path}`;
    const why = byPath.length ? `${byPath[0]!.template} documents only ${[...byPath[0]!.methods].join(', ') || 'no operation'}` : 'no documented path matches';
    undocumented.set(key, { count: (undocumented.get(key)?.count ?? 0) + 1, why });
  }
  const total = calls.data.length;
  const pass = total > 0 && undocumented.size === 0;
  return finishSync(this, 'toUseOnlyDocumentedEndpoints', 'product', 'calls', {
    pass,
    summary:
      total === 0
        ? 'no calls were recorded, so nothing shows the integration uses only documented endpoints: exercise the flow first'
        : pass
          ? `all ${total} recorded call(s) match a documented path and method`
          : `${undocumented.size} undocumented endpoint(s) among ${total} recorded call(s)`,
    details: [...undocumented].map(([key, { count, why }]) => `${key}${count > 1 ? ` (×${count})` : ''}: ${why}`),
    evidence: {
      checks: [...undocumented].map(([key, { why }]) => ({ name: key, ok: false, detail: why })),
      details: { calls: total, undocumented: undocumented.size, operations: operations.length },
    },
  });
}

/** Matchers of the `product` area. */
export const productMatchers = { toBeLaunchableSurface, toUseOnlyDocumentedEndpoints };

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * The product surface is launchable (`0gate`, `0pools_approved`), or review-only
       * (`0base_review`, `0link_review`) with a recorded compliance approval. Anything else fails.
       *
       * @example
       * expect('0link_review').toBeLaunchableSurface({ complianceApproved: { reference: 'CMP-2291', approvedBy: 'a.lovelace' } });
       */
      toBeLaunchableSurface(options?: LaunchableSurfaceOptions): void;
      /**
       * Every recorded call (`{ method, url }` or `{ method, path }`) matches a path template
       * and method of the OpenAPI 3.x document (object or file path; `servers` base paths
       * honoured). The failure lists each undocumented call.
       *
       * @example
       * expect(sandbox.calls).toUseOnlyDocumentedEndpoints(sandboxOpenApiPath);
       */
      toUseOnlyDocumentedEndpoints(openapi: string | object): void;
    }
  }
}
