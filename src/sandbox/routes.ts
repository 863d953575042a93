/**
 * The simulated API's routes: the single list the router, fault injection, the calls log
 * and the OpenAPI consistency test read. Templates use OpenAPI's `{param}` syntax.
 */
export type Credential = 'secret' | 'publishable' | 'client';

export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  readonly template: string;
  /** Which credentials may call it; a client secret only ever for its own session. */
  readonly accepts: readonly Credential[];
}

export const ROUTES = [
  { method: 'POST', template: '/v1/sessions', accepts: ['secret'] },
  { method: 'GET', template: '/v1/sessions', accepts: ['secret'] },
  { method: 'GET', template: '/v1/sessions/{id}', accepts: ['secret', 'client'] },
  { method: 'POST', template: '/v1/sessions/{id}/complete', accepts: ['secret', 'client'] },
  { method: 'POST', template: '/v1/sessions/{id}/fail', accepts: ['secret', 'client'] },
  { method: 'POST', template: '/v1/sessions/{id}/expire', accepts: ['secret', 'client'] },
  { method: 'GET', template: '/v1/capabilities', accepts: ['secret', 'publishable'] },
  { method: 'GET', template: '/v1/events', accepts: ['secret'] },
  { method: 'GET', template: '/v1/webhooks/dead_letters', accepts: ['secret'] },
  { method: 'POST', template: '/v1/verification_sessions', accepts: ['secret'] },
  { method: 'GET', template: '/v1/verification_sessions', accepts: ['secret'] },
  { method: 'GET', template: '/v1/verification_sessions/{id}', accepts: ['secret'] },
  { method: 'POST', template: '/v1/verification_sessions/{id}/verify', accepts: ['secret'] },
  { method: 'POST', template: '/v1/verification_sessions/{id}/reject', accepts: ['secret'] },
  { method: 'POST', template: '/v1/verification_sessions/{id}/review', accepts: ['secret'] },
  { method: 'POST', template: '/v1/verification_sessions/{id}/expire', accepts: ['secret'] },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof ROUTES)[number];
export type RouteName = `${Route['method']} ${Route['template']}`;

export function routeName(route: RouteSpec): RouteName {
  return `${route.method} ${route.template}` as RouteName;
}

const isParam = (segment: string) => /^(?::[A-Za-z_]\w*|\{[A-Za-z_]\w*\})$/.test(segment);

/** Splits a path into segments; a trailing slash is a (empty) segment of its own, so it never matches. */
export function segmentsOf(path: string): string[] {
  return path.split('/').slice(1);
}

/** Matches a concrete path against a template; returns the params, or undefined. */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = segmentsOf(template);
  const got = segmentsOf(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (isParam(w)) {
      if (g === '') return undefined;
      params[w.replace(/^[:{]|\}$/g, '')] = safeDecode(g);
    } else if (w !== g) return undefined;
  }
  return params;
}

/** Does a pattern (params as `:id` or `{id}`, or concrete values) cover a concrete path? */
export function patternCovers(pattern: string, path: string): boolean {
  return matchTemplate(pattern, path) !== undefined;
}

/** Could a pattern ever match this route? (literal segments of the pattern may fill params). */
export function patternFitsRoute(pattern: string, route: RouteSpec): boolean {
  const p = segmentsOf(pattern);
  const t = segmentsOf(route.template);
  return p.length === t.length && p.every((s, i) => (isParam(s) ? isParam(t[i]!) : isParam(t[i]!) || s === t[i]));
}

export function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchTemplate(route.template, path);
    if (params) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
