import { z } from 'zod';
import type { Check } from '../evidence/types.js';
import { isLaunchError } from '../errors.js';
import { outcomeText, toProbe } from '../http/exchange.js';
import { withTarget, type Endpoint } from '../http/target.js';
import type { EventTypeMap } from '../sandbox/events.js';
import { loadSandboxOpenApi, type OpenApiDocument } from '../sandbox/openapi.js';
import { loadWebhookContract, type WebhookContract } from '../webhooks/contract.js';
import { describeOutcome, judgeContractRun, type Counters, type Judgement } from '../webhooks/contract-judge.js';
import type { ContractSample } from '../webhooks/contract-probes.js';
import { runContractProbes, type ContractRun } from '../webhooks/contract-run.js';
import { formatPath } from '../webhooks/contract-schema.js';
import { signedHeaders } from '../webhooks/deliver.js';
import { objectIdOf, type WebhookEvent } from '../webhooks/events.js';
import { schemeName, type SignatureScheme } from '../webhooks/schemes.js';
import { contractSamples } from './contract-samples.js';
import { eventTypesOption, probeEvents, sandboxOption, type EventOrigin, type ProbeEvents, type SandboxLike } from './event-source.js';
import { readEffects, webhookWiring, type Effects } from './effects-control.js';
import {
  clockOption,
  describeEndpoint,
  functionOption,
  parseOptions,
  registerSecrets,
  requireEndpoint,
  schemeOption,
  seconds,
  secretOption,
  signingFrom,
} from './webhook-options.js';
import { finish, misuse, type MatcherOutcome, type MatcherState } from './util.js';

export interface HonourWebhookContractOptions {
  /** The endpoint's webhook secret (or current secrets); the sandbox's by default. */
  secret?: string | string[];
  /**
   * How many times the side effect happened, or several named counters
   * (`{ fulfilment: () => …, refunds: () => … }`, named so in messages). Each must move for
   * some delivery with only documented fields (the positive control).
   */
  effects: Effects | Record<string, Effects>;
  /**
   * The contract: an OpenAPI 3.1 document (object, or a path to JSON or YAML) whose
   * `webhooks` list the event types; the sandbox's own document by default.
   */
  contract?: OpenApiDocument | Record<string, unknown> | string | URL;
  /** `standard` (default), `t-v1`, or a custom `{ sign, headers }`. */
  scheme?: SignatureScheme;
  /** The simulated sandbox: probes are its own events about its real sessions, signed with its secret on its clock. */
  sandbox?: SandboxLike;
  /** The integration's names for the sandbox's event types (without a sandbox). */
  eventTypes?: EventTypeMap;
  /** The integration's clock in ms, when it runs on a virtual one; the sandbox's clock or `Date.now` by default. */
  now?: () => number;
  /** How long each delivery may take before it counts as unanswered (default 10 000 ms). */
  timeoutMs?: number;
}

const counter = functionOption<Effects>('effects to be a function returning how many times the side effect happened');
const schema = z.strictObject({
  secret: secretOption.optional(),
  effects: z.union([counter, z.record(z.string().min(1), counter).refine((r) => Object.keys(r).length > 0, 'name at least one counter')], {
    error: 'expected effects: a function returning how many times the side effect happened, or { name: function } for several',
  }),
  contract: z
    .union([z.string().min(1), z.instanceof(URL), z.record(z.string(), z.unknown())], { error: 'expected an OpenAPI 3.1 document (object) or a path to one' })
    .optional(),
  scheme: schemeOption,
  sandbox: sandboxOption.optional(),
  eventTypes: eventTypesOption.optional(),
  now: clockOption,
  timeoutMs: z.number().int().positive().max(600_000).default(10_000),
});

/** The default contract: the simulated sandbox's own OpenAPI document. */
function sandboxContract(): WebhookContract {
  const document = loadSandboxOpenApi();
  return loadWebhookContract(document, `the sandbox's OpenAPI document (${document.info.title} ${document.info.version})`);
}

/** Contract and samples, with the contract's own misuse errors re-thrown at the user's call. */
function prepare(name: string, load: () => { contract: WebhookContract; samples: ContractSample[] }) {
  try {
    return load();
  } catch (error) {
    if (isLaunchError(error, 'MATCHER_MISUSE')) misuse(name, error.message);
    throw error;
  }
}

/** What would let a counter that saw nothing see the probes. */
function wiring(origin: EventOrigin, event: WebhookEvent): string {
  if (origin === 'sandbox') return webhookWiring(origin, event);
  const session = objectIdOf(event);
  return `the deliveries carried made-up events${session ? ` (${event.type} about session ${session})` : ''}, which an integration that confirms sessions with 0Bit ignores. Pass sandbox (the probes are then its own events about its real sessions), or count something every documented delivery causes`;
}

const NAME = 'toHonourWebhookContract';

type Options = z.output<typeof schema>;

interface Plan {
  ep: Endpoint;
  opts: Options;
  /** Signed afresh at each delivery, as a sender's attempt (and retry) is. */
  sign: (event: WebhookEvent) => Record<string, string>;
  effects: Record<string, Effects>;
  counters: Counters;
  events: ProbeEvents;
  contract: WebhookContract;
  samples: ContractSample[];
}

/** The judgement of a run, with the blind-counter wiring advice after it. */
interface Verdict {
  judged: Judgement;
  failures: string[];
  /** The header names the contract gives the signature, and those the deliveries lacked. */
  named: string[];
  missing: string[];
}

function plan(received: unknown, options: HonourWebhookContractOptions): Plan {
  const ep = requireEndpoint(NAME, received);
  const opts = parseOptions(NAME, schema, options);
  const { secrets, now } = signingFrom(NAME, opts);
  registerSecrets(secrets);
  const effects: Record<string, Effects> = typeof opts.effects === 'function' ? { effects: opts.effects } : opts.effects;
  const counters: Counters = { names: Object.keys(effects), unnamed: typeof opts.effects === 'function' };
  const events = probeEvents({ sandbox: opts.sandbox, eventTypes: opts.eventTypes, created: seconds(now) });
  const { contract, samples } = prepare(NAME, () => {
    const loaded = opts.contract === undefined ? sandboxContract() : loadWebhookContract(opts.contract);
    return { contract: loaded, samples: contractSamples(loaded, events, seconds(now)) };
  });
  const sign = (event: WebhookEvent) => signedHeaders(event, { scheme: opts.scheme, secrets, timestamp: seconds(now) });
  return { ep, opts, sign, effects, counters, events, contract, samples };
}

function probe({ ep, opts, sign, effects, contract, samples }: Plan): Promise<ContractRun> {
  return withTarget(ep.target, (target) =>
    runContractProbes({
      endpoint: { target, path: ep.path },
      contract,
      samples,
      sign,
      readCounters: async () => {
        const out: Record<string, number> = {};
        for (const [key, read] of Object.entries(effects)) out[key] = await readEffects(read, NAME);
        return out;
      },
      timeoutMs: opts.timeoutMs,
    }),
  );
}

function judge({ opts, counters, events, contract }: Plan, run: ContractRun): Verdict {
  const named = [...new Set(contract.types.flatMap((t) => t.headers))];
  const missing = named.filter((h) => !run.sentHeaders.includes(h));
  const judged = judgeContractRun(run, counters, { missing, scheme: schemeName(opts.scheme), named });
  const failures = [...judged.failures];
  const blind = judged.uncontrolled.filter((u) => !u.movedElsewhere);
  if (blind.length) failures.push(`to wire it: ${wiring(events.origin, run.types[0]!.documented.event)}`);
  return { judged, failures, named, missing };
}

/** One positive control per counter, then the signature headers. */
function checks(counters: Counters, run: ContractRun, { named, missing }: Verdict): Check[] {
  return [
    ...counters.names.map((k) => {
      const moved = run.types.filter((r) => r.documented.deltas[k] !== 0);
      const label = counters.unnamed ? 'the effects counter' : k;
      return {
        name: `positive control: ${label} moves for a delivery with only documented fields`,
        ok: moved.length > 0,
        detail: run.types
          .map((r) => `${r.sample.delivered}: ${r.documented.deltas[k]! >= 0 ? '+' : ''}${r.documented.deltas[k]} (${outcomeText(r.documented.ex)})`)
          .join('; '),
      };
    }),
    {
      name: 'the deliveries carry the headers the contract names',
      ok: missing.length === 0,
      detail: `contract: ${named.join(', ') || 'none'}; sent: ${run.sentHeaders.join(', ')}`,
    },
  ];
}

function outcome(p: Plan, run: ContractRun, verdict: Verdict): MatcherOutcome {
  const { opts, counters, events, contract } = p;
  const { judged, failures, named } = verdict;
  const where = describeEndpoint(p.ep);
  const typeNames = run.types.map((r) => r.sample.delivered);
  const summary = failures.length
    ? `${where} does not honour the webhook contract (${contract.source}): ${judged.failures.length} problem${judged.failures.length === 1 ? '' : 's'}`
    : `${where} honoured the webhook contract (${contract.source}) for ${typeNames.join(', ')}: documented deliveries acknowledged and acted on, the same with undocumented fields added, changed or removed, replays without a second effect, ${run.unknown.type} acknowledged without effect`;
  return {
    pass: failures.length === 0,
    summary,
    details: failures.length
      ? failures
      : run.types.map(
          (r) =>
            `${r.sample.delivered}: documented fields only ${describeOutcome(r.documented, counters)}; ${r.mutated.length} mutated deliveries (${r.fields.length} undocumented fields) the same; replay ${outcomeText(r.replay.ex)} without effect`,
        ),
    evidence: {
      probes: [...judged.verdicts].map(([d, v]) => toProbe(d.ex, d.name, v.expected, v.ok)),
      checks: checks(counters, run, verdict),
      details: {
        contract: contract.source,
        eventTypes: typeNames,
        signatureHeaders: named,
        scheme: schemeName(opts.scheme),
        events: events.origin,
        unknownType: run.unknown.type,
        types: Object.fromEntries(
          run.types.map((r) => [
            r.sample.delivered,
            {
              documented: { status: r.documented.ex.response?.status ?? null, effects: r.documented.deltas },
              trace:
                r.reads === undefined
                  ? 'not observed (the handler did not parse the body in this thread)'
                  : r.traceUsed
                    ? 'used'
                    : 'discarded (the traced delivery fared differently)',
              undocumentedFields: r.fields.map((f) => formatPath(f.path)),
              ...(r.fieldsCut ? { undocumentedFieldsNotProbed: r.fieldsCut } : {}),
              dependsOn: judged.dependencies[r.sample.delivered] ?? [],
            },
          ]),
        ),
        positiveControl: Object.fromEntries(counters.names.map((k) => [k, { passed: run.types.some((r) => r.documented.deltas[k] !== 0) }])),
      },
    },
  };
}

export async function toHonourWebhookContract(this: MatcherState, received: unknown, options: HonourWebhookContractOptions) {
  const p = plan(received, options);
  const run = await probe(p);
  return finish(this, NAME, 'webhooks', 'endpoint', outcome(p, run, judge(p, run)));
}

// Vitest 4 declares Matchers<T> and Vitest 5 Matchers<R, T>; both map Chai.Assertion's members onto expect().
declare global {
  namespace Chai {
    interface Assertion {
      /**
       * For every event type of the webhook contract (the sandbox's OpenAPI `webhooks`, or
       * your copy of the 0Bit reference): a delivery with only documented fields is
       * acknowledged and acted on; the same with undocumented fields added, changed or
       * removed gets the same response and the same effects; a replay gets the same
       * response and no second effect; an event type the contract does not list is
       * acknowledged with a 2xx and no effect; the signature travels in the header the
       * contract names. A failure names the undocumented field the handler depends on.
       *
       * @example
       * await expect(endpoint(app, '/webhooks/0bit')).toHonourWebhookContract({ sandbox, effects: { fulfilment: () => merchant.fulfilmentCount() } })
       */
      toHonourWebhookContract(options: HonourWebhookContractOptions): Promise<void>;
    }
  }
}
