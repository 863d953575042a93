/**
 * A webhook contract: the event types an OpenAPI 3.1 document lists under `webhooks`,
 * with each one's body schema, the delivery headers it names and an example when it has
 * one. Real launches pass their copy of the 0Bit reference (an object, or a path to JSON or
 * YAML); the matcher's default, the simulated sandbox's own document, is passed in with its label.
 */
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readInput } from '../base/read-input.js';
import { LaunchError } from '../errors.js';
import { describeIssues } from '../base/zod-issues.js';
import { memberSchemas, refResolver, type JsonSchema, type RefResolver } from './contract-schema.js';

export interface ContractEventType {
  /** The event type as the contract names it (the body's `type`). */
  name: string;
  /** Its key under `webhooks` in the document. */
  key: string;
  /** The JSON Schema of the delivery body. */
  body: JsonSchema;
  /** The header parameters the contract names for a delivery, lower-case. */
  headers: string[];
  /** The header that carries the signature (the one whose name says so). */
  signatureHeader?: string;
  /** The contract's example body, when it gives one. */
  example?: Record<string, unknown>;
}

export interface WebhookContract {
  /** Where the contract came from, for evidence and messages. */
  source: string;
  types: ContractEventType[];
  resolve: RefResolver;
}

const record = z.record(z.string(), z.unknown());
const documentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1(\.\d+)?$/, 'expected an OpenAPI 3.1 document (webhooks are an OpenAPI 3.1 feature)'),
  info: z.looseObject({ title: z.string(), version: z.string() }).optional(),
  webhooks: z
    .record(
      z.string(),
      z.looseObject({
        post: z.looseObject({ parameters: z.array(record).optional(), requestBody: record }, { error: 'expected a post operation with a requestBody' }),
      }),
      {
        error: 'expected the webhooks the contract documents (OpenAPI 3.1 `webhooks`)',
      },
    )
    .refine((w) => Object.keys(w).length > 0, 'the contract documents no webhooks'),
});

function misuse(message: string): never {
  throw new LaunchError('MATCHER_MISUSE', message);
}

function readDocument(source: unknown, label = 'the OpenAPI document given'): { document: unknown; label: string } {
  if (typeof source === 'string' || source instanceof URL) {
    const path = source instanceof URL ? fileURLToPath(source) : resolvePath(source);
    const text = readInput(`contract: the OpenAPI document ${path}`, path);
    try {
      return { document: parseYaml(text), label: path };
    } catch (error) {
      misuse(`contract: the OpenAPI document ${path} is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { document: source, label };
}

const deref = (value: Record<string, unknown>, resolve: RefResolver): Record<string, unknown> =>
  typeof value.$ref === 'string' ? (resolve(value.$ref) as Record<string, unknown>) : value;

/** `const` or a one-value `enum` of the body's `type` member: the event type the webhook carries. */
function declaredType(body: JsonSchema, resolve: RefResolver): string | undefined {
  for (const s of memberSchemas([body], 'type', resolve)) {
    if (typeof s !== 'object') continue;
    if (typeof s.const === 'string') return s.const;
    if (Array.isArray(s.enum) && s.enum.length === 1 && typeof s.enum[0] === 'string') return s.enum[0];
  }
  return undefined;
}

function exampleOf(media: Record<string, unknown>, body: JsonSchema, resolve: RefResolver): Record<string, unknown> | undefined {
  const examples = media.examples && typeof media.examples === 'object' ? Object.values(media.examples as Record<string, unknown>) : [];
  const fromExamples = examples.map((e) => (e && typeof e === 'object' ? deref(e as Record<string, unknown>, resolve).value : undefined));
  const schema = typeof body === 'object' ? deref(body, resolve) : {};
  const candidates = [media.example, ...fromExamples, schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  return candidates.find((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && !Array.isArray(c));
}

/**
 * Loads and reads the contract; a document that is not one names what is wrong and where.
 * `label` names a document given as an object in evidence and messages.
 */
export function loadWebhookContract(source: unknown, label?: string): WebhookContract {
  const { document, label: named } = readDocument(source, label);
  const parsed = documentSchema.safeParse(document);
  if (!parsed.success) misuse(`contract: not a webhook contract: ${describeIssues(parsed.error.issues)}`);
  const resolve = refResolver(document);
  const types = Object.entries(parsed.data.webhooks).map(([key, item]): ContractEventType => {
    const where = `contract.webhooks[${JSON.stringify(key)}].post`;
    const requestBody = deref(item.post.requestBody, resolve);
    const content = (requestBody.content ?? {}) as Record<string, Record<string, unknown>>;
    const media = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
    if (!media || media.schema === undefined) misuse(`${where}.requestBody: expected application/json content with a schema`);
    const body = media.schema as JsonSchema;
    const headers = (item.post.parameters ?? [])
      .map((p) => deref(p, resolve))
      .filter((p) => p.in === 'header' && typeof p.name === 'string')
      .map((p) => (p.name as string).toLowerCase());
    return {
      name: declaredType(body, resolve) ?? key,
      key,
      body,
      headers,
      signatureHeader: headers.find((h) => h.includes('signature')),
      example: exampleOf(media, body, resolve),
    };
  });
  return { source: named, types, resolve };
}
