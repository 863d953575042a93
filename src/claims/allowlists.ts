/**
 * Hardcoded country allowlists in client code: a literal list of region codes that
 * decides whether the payment flow is shown, where a capability lookup belongs. Pure:
 * script tokens in, findings out.
 *
 * A list is two or more string literals that are all two-letter codes the platform knows
 * as regions — an array (`["DE","FR"]`, also inside `new Set(…)`), an `x==="DE"||x==="FR"`
 * chain, or consecutive `case "DE": case "FR":` labels. It counts only when it *decides*:
 * the chain or switch itself, or the array tested with `.includes`/`.has`/`.indexOf` (directly
 * or through the name it was assigned to), within reach of the checkout (a `mount`,
 * `checkout`, `payment` or 0Bit name nearby). Country pickers and lookup tables that only
 * list regions are left alone.
 */
import type { ScriptToken } from './extract.js';
import { regionCodes } from './regions.js';

export interface AllowlistMatch {
  /** The literal as written (cut to 120 characters). */
  literal: string;
  codes: string[];
  /** File offsets of the literal. */
  start: number;
  end: number;
  /** How the list decides: `includes`, `has`, `comparison`, `switch`. */
  decidedBy: string;
}

/** How far (in characters of source) the checkout may stand from where the list decides. */
const FLOW_REACH = 400;
const FLOW_WORDS = /mount|checkout|payment|0bit|zerobit/i;
const MEMBERSHIP = new Set(['includes', 'has', 'indexOf', 'some', 'find', 'findIndex']);
const EQUALS = new Set(['===', '==']);

function regionCode(token: ScriptToken | undefined): string | undefined {
  if (token?.type !== 'StringLiteral') return undefined;
  const value = token.value.slice(1, -1);
  return /^[A-Z]{2}$/.test(value) && regionCodes().has(value) ? value : undefined;
}

interface Literal {
  first: number;
  last: number;
  codes: string[];
}

/** `[ "DE" , "FR" ]` starting at token i (the `[`), or undefined. */
function arrayAt(tokens: ScriptToken[], i: number): Literal | undefined {
  if (tokens[i]?.value !== '[') return undefined;
  const codes: string[] = [];
  let j = i + 1;
  for (;;) {
    const code = regionCode(tokens[j]);
    if (!code) return undefined;
    codes.push(code);
    j++;
    if (tokens[j]?.value === ',') j++;
    if (tokens[j]?.value === ']') break;
  }
  return codes.length >= 2 ? { first: i, last: j, codes } : undefined;
}

/** The dotted name `a.b.c` ending at token j (inclusive), as text, with its first token index. */
function nameEndingAt(tokens: ScriptToken[], j: number): { name: string; first: number } | undefined {
  if (tokens[j]?.type !== 'IdentifierName') return undefined;
  let first = j;
  while (tokens[first - 1]?.value === '.' && tokens[first - 2]?.type === 'IdentifierName') first -= 2;
  return {
    name: tokens
      .slice(first, j + 1)
      .map((t) => t.value)
      .join(''),
    first,
  };
}

/** `x==="DE"||x==="FR"…` (either operand order) starting at token i. */
function comparisonChainAt(tokens: ScriptToken[], i: number): Literal | undefined {
  const codes: string[] = [];
  let subject: string | undefined;
  let j = i;
  let last = i;
  for (;;) {
    let name: string | undefined;
    let code: string | undefined;
    let end: number;
    if (regionCode(tokens[j]) && EQUALS.has(tokens[j + 1]?.value ?? '')) {
      code = regionCode(tokens[j]);
      let k = j + 2;
      while (tokens[k + 1]?.value === '.' && tokens[k + 2]?.type === 'IdentifierName') k += 2;
      name = nameEndingAt(tokens, k)?.name;
      end = k;
    } else {
      let k = j;
      while (tokens[k + 1]?.value === '.' && tokens[k + 2]?.type === 'IdentifierName') k += 2;
      name = nameEndingAt(tokens, k)?.name;
      if (!name || !EQUALS.has(tokens[k + 1]?.value ?? '')) break;
      code = regionCode(tokens[k + 2]);
      end = k + 2;
    }
    if (!name || !code || (subject !== undefined && name !== subject)) break;
    subject = name;
    codes.push(code);
    last = end;
    if (tokens[end + 1]?.value !== '||') break;
    j = end + 2;
  }
  return codes.length >= 2 ? { first: i, last, codes } : undefined;
}

/** `case "DE": case "FR":` starting at token i. */
function switchCasesAt(tokens: ScriptToken[], i: number): Literal | undefined {
  const codes: string[] = [];
  let j = i;
  while (tokens[j]?.value === 'case' && regionCode(tokens[j + 1]) && tokens[j + 2]?.value === ':') {
    codes.push(regionCode(tokens[j + 1])!);
    j += 3;
  }
  return codes.length >= 2 ? { first: i, last: j - 1, codes } : undefined;
}

/** The name an array literal (or `new Set(array)`) is assigned to: `const X = […]`, `X = new Set([…])`. */
function assignedName(tokens: ScriptToken[], literal: Literal): string | undefined {
  let k = literal.first - 1;
  if (tokens[k]?.value === '(' && tokens[k - 1]?.value === 'Set' && tokens[k - 2]?.value === 'new') k -= 3;
  if (tokens[k]?.value !== '=') return undefined;
  return nameEndingAt(tokens, k - 1)?.name;
}

/** Offsets where the array is tested for membership: right after it, or through its name. */
function membershipTests(tokens: ScriptToken[], literal: Literal): Array<{ offset: number; how: string }> {
  const out: Array<{ offset: number; how: string }> = [];
  let after = literal.last + 1;
  if (tokens[after]?.value === ')' && tokens[literal.first - 1]?.value === '(') after++;
  if (tokens[after]?.value === '.' && MEMBERSHIP.has(tokens[after + 1]?.value ?? ''))
    out.push({ offset: tokens[after + 1]!.offset, how: tokens[after + 1]!.value });
  const name = assignedName(tokens, literal);
  if (!name) return out;
  for (let j = literal.last + 1; j < tokens.length; j++) {
    if (tokens[j]!.value !== '.' || !MEMBERSHIP.has(tokens[j + 1]?.value ?? '')) continue;
    if (nameEndingAt(tokens, j - 1)?.name === name) out.push({ offset: tokens[j + 1]!.offset, how: tokens[j + 1]!.value });
  }
  return out;
}

function nearFlow(source: string, offset: number): boolean {
  return FLOW_WORDS.test(source.slice(Math.max(0, offset - FLOW_REACH), offset + FLOW_REACH));
}

/** Hardcoded region allowlists deciding whether the flow is shown, in one script's tokens. */
export function findCountryAllowlists(tokens: ScriptToken[], source: string): AllowlistMatch[] {
  const out: AllowlistMatch[] = [];
  const end = (t: ScriptToken) => t.offset + t.value.length;
  const push = (literal: Literal, decidedBy: string) => {
    const start = tokens[literal.first]!.offset;
    const stop = end(tokens[literal.last]!);
    const text = source.slice(start, stop);
    out.push({ literal: text.length > 120 ? `${text.slice(0, 119)}…` : text, codes: literal.codes, start, end: stop, decidedBy });
  };
  for (let i = 0; i < tokens.length; i++) {
    const array = arrayAt(tokens, i);
    if (array) {
      const test = membershipTests(tokens, array).find((t) => nearFlow(source, t.offset));
      if (test) push(array, test.how);
      i = array.last;
      continue;
    }
    const decision = comparisonChainAt(tokens, i) ?? switchCasesAt(tokens, i);
    if (decision) {
      if (nearFlow(source, tokens[decision.first]!.offset)) push(decision, tokens[decision.first]!.value === 'case' ? 'switch' : 'comparison');
      i = decision.last;
    }
  }
  return out;
}
