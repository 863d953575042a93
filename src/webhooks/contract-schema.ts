/**
 * What a webhook contract documents, read from its JSON Schema (OpenAPI 3.1): which
 * members of an event it names, the event reduced to those members, and the members it
 * does not name. A member is documented when a `properties` or `patternProperties` entry,
 * or a typed `additionalProperties` schema (a map), describes it; a free-form object
 * (`additionalProperties: true`, or none) documents none of its members, so
 * `metadata.tier` under the sandbox's free-form `metadata` is undocumented.
 */
import { LaunchError } from '../errors.js';

export type JsonSchema = boolean | Record<string, unknown>;
/** A step into an event: an object member or an array index. */
export type Segment = string | number;
export type FieldPath = readonly Segment[];

/** Resolves local `$ref`s (`#/components/schemas/Event`) against the document they came from. */
export type RefResolver = (ref: string) => JsonSchema;

export function refResolver(document: unknown): RefResolver {
  return (ref) => {
    if (!ref.startsWith('#'))
      throw new LaunchError('MATCHER_MISUSE', `contract: $ref ${JSON.stringify(ref)} points outside the document; bundle it into one file first`);
    let node: unknown = document;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (typeof node !== 'boolean' && (typeof node !== 'object' || node === null))
      throw new LaunchError('MATCHER_MISUSE', `contract: $ref ${JSON.stringify(ref)} names nothing in the document`);
    return node as JsonSchema;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema and every schema it stands for through `$ref`, `allOf`, `anyOf` and `oneOf`, flattened. */
function branches(schema: JsonSchema, resolve: RefResolver, seen: Set<string> = new Set()): Array<Record<string, unknown>> {
  if (!isObject(schema)) return [];
  const out = [schema];
  if (typeof schema.$ref === 'string' && !seen.has(schema.$ref)) {
    seen.add(schema.$ref);
    out.push(...branches(resolve(schema.$ref), resolve, seen));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) out.push(...branches(s as JsonSchema, resolve, seen));
  }
  return out;
}

const typesOf = (s: Record<string, unknown>): unknown[] => (Array.isArray(s.type) ? s.type : [s.type]);

/** The schemas that document member `key` of an object described by `schemas`; none when it is undocumented. */
export function memberSchemas(schemas: readonly JsonSchema[], key: string, resolve: RefResolver): JsonSchema[] {
  return schemas.flatMap((schema) =>
    branches(schema, resolve).flatMap((b) => {
      const found: JsonSchema[] = [];
      if (isObject(b.properties) && Object.hasOwn(b.properties, key)) found.push(b.properties[key] as JsonSchema);
      if (isObject(b.patternProperties)) {
        for (const [pattern, s] of Object.entries(b.patternProperties)) if (new RegExp(pattern, 'u').test(key)) found.push(s as JsonSchema);
      }
      if (isObject(b.additionalProperties)) found.push(b.additionalProperties);
      return found;
    }),
  );
}

/** The schemas that document the items of an array described by `schemas`. */
export function itemSchemas(schemas: readonly JsonSchema[], index: number, resolve: RefResolver): JsonSchema[] {
  return schemas.flatMap((schema) =>
    branches(schema, resolve).flatMap((b) => {
      if (Array.isArray(b.prefixItems) && index < b.prefixItems.length) return [b.prefixItems[index] as JsonSchema];
      return isObject(b.items) ? [b.items] : [];
    }),
  );
}

/** Whether any of `schemas` describes members (or items); one that does not documents the value whole. */
function describesMembers(schemas: readonly JsonSchema[], resolve: RefResolver, kind: 'object' | 'array'): boolean {
  const keys = kind === 'object' ? ['properties', 'patternProperties', 'additionalProperties'] : ['items', 'prefixItems'];
  return schemas.some((schema) => branches(schema, resolve).some((b) => keys.some((k) => k in b) || typesOf(b).includes(kind)));
}

/** Whether the contract documents the field at `path` of an event whose body schema is `root`. */
export function isDocumented(path: FieldPath, root: JsonSchema, resolve: RefResolver): boolean {
  let schemas: JsonSchema[] = [root];
  for (const segment of path) {
    // A schema that says nothing about members documents the whole value, as documentedOnly keeps it.
    if (!describesMembers(schemas, resolve, typeof segment === 'number' ? 'array' : 'object')) return true;
    schemas = typeof segment === 'number' ? itemSchemas(schemas, segment, resolve) : memberSchemas(schemas, segment, resolve);
    if (schemas.length === 0) return false;
  }
  return true;
}

/** The event with only the members the contract documents (a copy; the event is left alone). */
export function documentedOnly(value: unknown, schemas: readonly JsonSchema[], resolve: RefResolver): unknown {
  if (Array.isArray(value)) {
    if (!describesMembers(schemas, resolve, 'array')) return structuredClone(value);
    return value.map((item, i) => documentedOnly(item, itemSchemas(schemas, i, resolve), resolve));
  }
  if (isObject(value)) {
    if (!describesMembers(schemas, resolve, 'object')) return structuredClone(value);
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const documented = memberSchemas(schemas, key, resolve);
      if (documented.length) out[key] = documentedOnly(member, documented, resolve);
    }
    return out;
  }
  return value;
}

export interface UndocumentedField {
  path: FieldPath;
  value: unknown;
}

/** The members of `value` the contract does not document: the root of each undocumented subtree. */
export function undocumentedFields(value: unknown, schemas: readonly JsonSchema[], resolve: RefResolver, path: FieldPath = []): UndocumentedField[] {
  if (Array.isArray(value)) {
    if (!describesMembers(schemas, resolve, 'array')) return [];
    return value.flatMap((item, i) => undocumentedFields(item, itemSchemas(schemas, i, resolve), resolve, [...path, i]));
  }
  if (!isObject(value) || !describesMembers(schemas, resolve, 'object')) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const documented = memberSchemas(schemas, key, resolve);
    return documented.length ? undocumentedFields(member, documented, resolve, [...path, key]) : [{ path: [...path, key], value: member }];
  });
}

/** `data.object.metadata.tier`, `data.items[0].sku`. */
export function formatPath(path: FieldPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(the body)';
}
