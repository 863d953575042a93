/**
 * Which fields of a delivery the handler looks up, so a failure can name an undocumented
 * field even when the delivery did not carry it (`metadata.tier` read from a `metadata`
 * that has no `tier`). While a delivery is traced, `JSON.parse` of exactly its body (in
 * this thread: fetch handlers, request listeners and servers started by the test) returns
 * the parsed value behind a Proxy that records every member looked up, present or not.
 * The trace only proposes names: a field counts as a dependency only when a delivery with
 * it changes the response or the effects. A handler in another process is not traced.
 */
import type { FieldPath, Segment } from './contract-schema.js';

export interface FieldRead {
  path: FieldPath;
  /** Whether the member existed when it was looked up. */
  present: boolean;
}

/** Lookups that are plumbing, not fields: prototype members, promise and serialisation hooks. */
function isPlumbing(key: string, target: object): boolean {
  return (
    key in Object.prototype ||
    key === 'then' ||
    key === 'toJSON' ||
    /^[$@]{2}/.test(key) ||
    (Array.isArray(target) && (key === 'length' || key in Array.prototype))
  );
}

class Recorder {
  readonly reads = new Map<string, FieldRead>();
  parsed = false;
  readonly #proxies = new WeakMap<object, object>();

  #note(target: object, key: string | symbol, path: FieldPath): void {
    if (typeof key !== 'string' || isPlumbing(key, target)) return;
    const segment: Segment = Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key;
    const full = [...path, segment];
    const id = JSON.stringify(full);
    const present = Object.hasOwn(target, key);
    const seen = this.reads.get(id);
    if (!seen || (present && !seen.present)) this.reads.set(id, { path: full, present });
  }

  wrap(value: unknown, path: FieldPath = []): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const known = this.#proxies.get(value);
    if (known) return known;
    const recorder = this;
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        recorder.#note(target, key, path);
        const member = Reflect.get(target, key, receiver);
        const own = typeof key === 'string' ? Reflect.getOwnPropertyDescriptor(target, key) : undefined;
        // A frozen member must be reported as itself (a Proxy invariant), so it goes untraced.
        if (!own || (!own.configurable && !own.writable)) return member;
        return recorder.wrap(member, [...path, Array.isArray(target) && /^\d+$/.test(key as string) ? Number(key) : (key as string)]);
      },
      has(target, key) {
        recorder.#note(target, key, path);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        recorder.#note(target, key, path);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    this.#proxies.set(value, proxy);
    return proxy;
  }
}

const active = new Map<string, Recorder>();
let original: typeof JSON.parse | undefined;
/** Whether tracingParse is in JSON.parse's chain (itself, or under another tool's later patch). */
let installed = false;

function tracingParse(this: unknown, text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown): unknown {
  const value = original!.call(JSON, text, reviver);
  const recorder = active.get(String(text).trim());
  if (!recorder) return value;
  recorder.parsed = true;
  return recorder.wrap(value);
}

/**
 * Runs `work` (one delivery of `body`) with parses of `body` traced. `reads` is undefined
 * when nothing in this thread parsed the body (a handler in another process, or one that
 * does not use JSON.parse).
 */
export async function traceReads<T>(body: string, work: () => Promise<T>): Promise<{ result: T; reads?: FieldRead[] }> {
  const key = body.trim();
  if (active.has(key)) return { result: await work() };
  const recorder = new Recorder();
  if (!installed) {
    original = JSON.parse;
    JSON.parse = tracingParse as typeof JSON.parse;
    installed = true;
  }
  active.set(key, recorder);
  try {
    return { result: await work(), reads: recorder.parsed ? [...recorder.reads.values()] : undefined };
  } finally {
    active.delete(key);
    // Only our own patch is undone: another tool's later patch of JSON.parse stays, and calls through ours.
    if (active.size === 0 && JSON.parse === (tracingParse as typeof JSON.parse)) {
      JSON.parse = original!;
      installed = false;
    }
  }
}
