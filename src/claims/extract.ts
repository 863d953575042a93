/**
 * Pulls the customer-facing text out of each kind of copy file, with where it stands in
 * the file: HTML and template text (and the attributes people read), string literals of
 * scripts, JSON and YAML string values, gettext PO messages, plain text. Pure.
 */
import { Parser } from 'htmlparser2';
import jsTokens, { type JSXToken, type Token } from 'js-tokens';
import { isScalar, parseDocument, visit } from 'yaml';
import { regionCodes } from './regions.js';

export type CopyFormat = 'markup' | 'script' | 'json' | 'yaml' | 'po' | 'text';

const FORMATS: Record<string, CopyFormat> = {
  html: 'markup',
  htm: 'markup',
  xhtml: 'markup',
  hbs: 'markup',
  handlebars: 'markup',
  mustache: 'markup',
  mjml: 'markup',
  njk: 'markup',
  liquid: 'markup',
  ejs: 'markup',
  twig: 'markup',
  vue: 'markup',
  svelte: 'markup',
  js: 'script',
  mjs: 'script',
  cjs: 'script',
  jsx: 'script',
  ts: 'script',
  mts: 'script',
  cts: 'script',
  tsx: 'script',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  po: 'po',
  pot: 'po',
  txt: 'text',
  text: 'text',
  md: 'text',
  markdown: 'text',
};

/** The copy format of a file, by its extension; undefined when it holds no copy (images, CSS, source maps). */
export function formatOf(fileName: string): CopyFormat | undefined {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : FORMATS[ext];
}

/**
 * One piece of copy. Joined text (an HTML paragraph split by `<b>`, a PO message over
 * several lines) keeps a map from its own offsets back to the file's.
 */
export interface Segment {
  text: string;
  /** Ascending: text offset `at` is file offset `offset`; later text follows on from there. */
  pieces: Array<{ at: number; offset: number }>;
}

/** The file offset of `index` in the segment's text. */
export function fileOffset(segment: Segment, index: number): number {
  let piece = segment.pieces[0]!;
  for (const p of segment.pieces) {
    if (p.at > index) break;
    piece = p;
  }
  return piece.offset + (index - piece.at);
}

const single = (text: string, offset: number): Segment => ({ text, pieces: [{ at: 0, offset }] });
/** Copy has letters; `""`, `"12px"` and `"=>"` are not copy. */
const HAS_LETTER = /\p{L}/u;

/** One significant script token (no whitespace or comments), for the allowlist check. */
export interface ScriptToken {
  type: string;
  value: string;
  offset: number;
}

export interface Extracted {
  segments: Segment[];
  /** Script tokens of the file (and of inline scripts in markup), with file offsets. */
  tokens: ScriptToken[];
}

/** Decodes JS (and C-style PO) string escapes; an unknown escape stands for its character. */
export function decodeEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\s\S]))/g, (_, cp, u4, x2, ch: string | undefined) => {
    const code = cp ?? u4 ?? x2;
    if (code !== undefined) {
      const n = Number.parseInt(code, 16);
      return n <= 0x10ffff ? String.fromCodePoint(n) : '';
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
    return /^[\r\n\u2028\u2029]/.test(ch!) ? '' : (simple[ch!] ?? ch!);
  });
}

/** Where the quotes and `${`/`}` delimiters of a string-ish token end. */
const STRING_INNER: Record<string, [number, number]> = {
  StringLiteral: [1, 1],
  NoSubstitutionTemplate: [1, 1],
  TemplateHead: [1, 2],
  TemplateMiddle: [1, 2],
  TemplateTail: [1, 1],
  JSXString: [1, 1],
  JSXText: [0, 0],
};
const INSIGNIFICANT = new Set(['WhiteSpace', 'LineTerminatorSequence', 'MultiLineComment', 'SingleLineComment', 'HashbangComment']);

const CODE_LITERAL = /(["'])([A-Z]{2})\1/g;

/**
 * Whether a script could hold a country allowlist at all: two or more distinct string
 * literals that are region codes. Most bundles have none, and then their tokens need not
 * be kept.
 */
function mayListRegions(source: string): boolean {
  const codes = regionCodes();
  const seen = new Set<string>();
  CODE_LITERAL.lastIndex = 0;
  for (let m = CODE_LITERAL.exec(source); m; m = CODE_LITERAL.exec(source)) {
    if (codes.has(m[2]!)) seen.add(m[2]!);
    if (seen.size >= 2) return true;
  }
  return false;
}

/** String literals, template chunks and JSX text of a script; `base` is where the script starts in its file. */
export function scriptCopy(source: string, base = 0, jsx = false): Extracted {
  const segments: Segment[] = [];
  const tokens: ScriptToken[] = [];
  const keepTokens = mayListRegions(source);
  let offset = base;
  for (const token of jsTokens(source, { jsx }) as Iterable<Token | JSXToken>) {
    const inner = STRING_INNER[token.type];
    if (inner) {
      const raw = token.value.slice(inner[0], token.value.length - inner[1]);
      const text = token.type === 'JSXText' ? raw : decodeEscapes(raw);
      if (HAS_LETTER.test(text)) segments.push(single(text, offset + inner[0]));
    }
    if (keepTokens && !INSIGNIFICANT.has(token.type)) tokens.push({ type: token.type, value: token.value, offset });
    offset += token.value.length;
  }
  return { segments, tokens };
}

/** Inline elements do not break a sentence: "available in <b>all EU countries</b>" is one text. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);
/** Attributes people read: alternative text, tooltips, placeholders, accessible names, descriptions. */
const READ_ATTRIBUTES = new Set(['alt', 'title', 'placeholder', 'aria-label', 'aria-description']);
const DESCRIPTION_META = /^(?:description|og:(?:title|description)|twitter:(?:title|description))$/i;
const SCRIPT_TYPES = /^(?:|text\/javascript|application\/javascript|module|text\/babel|text\/jsx)$/i;

/** Visible text of HTML and HTML-like templates, the attributes people read, and inline scripts. */
export function markupCopy(source: string): Extracted {
  const segments: Segment[] = [];
  const tokens: ScriptToken[] = [];
  let text: Segment | undefined;
  let script: { text: string; offset: number } | undefined;
  let raw = 0; // depth inside <style>, <template> of non-copy content and the like
  const flush = () => {
    if (text && /\p{L}/u.test(text.text)) segments.push(text);
    text = undefined;
  };
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        if (!INLINE.has(name)) flush();
        if (name === 'script' && !attribs.src && SCRIPT_TYPES.test(attribs.type ?? '')) script = { text: '', offset: -1 };
        else if (name === 'style' || name === 'script' || name === 'noscript') raw++;
        for (const [attr, value] of Object.entries(attribs)) {
          const read =
            READ_ATTRIBUTES.has(attr) ||
            (attr === 'content' && name === 'meta' && DESCRIPTION_META.test(attribs.name ?? attribs.property ?? '')) ||
            (attr === 'value' && name === 'input' && /^(?:submit|button)$/i.test(attribs.type ?? ''));
          if (read && /\p{L}/u.test(value)) segments.push(single(value, parser.startIndex));
        }
        if (name === 'br' && text) text.text += ' ';
      },
      ontext(data) {
        if (script) {
          if (script.offset < 0) script.offset = parser.startIndex;
          script.text += data;
          return;
        }
        if (raw > 0) return;
        text ??= { text: '', pieces: [] };
        text.pieces.push({ at: text.text.length, offset: parser.startIndex });
        text.text += data;
      },
      onclosetag(name) {
        if (name === 'script' && script) {
          const inline = scriptCopy(script.text, Math.max(script.offset, 0));
          segments.push(...inline.segments);
          tokens.push(...inline.tokens);
          script = undefined;
          return;
        }
        if (name === 'style' || name === 'script' || name === 'noscript') raw = Math.max(raw - 1, 0);
        if (!INLINE.has(name)) flush();
      },
      oncomment() {
        flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(source);
  parser.end();
  flush();
  return { segments, tokens };
}

const JSON_STRING = /"(?:[^"\\\n]|\\.)*"/g;

/** String values of JSON (i18n catalogues); keys are identifiers, not copy. */
export function jsonCopy(source: string): Extracted {
  const segments: Segment[] = [];
  JSON_STRING.lastIndex = 0;
  for (const m of source.matchAll(JSON_STRING)) {
    const after = source.slice(m.index + m[0].length, m.index + m[0].length + 64);
    if (/^\s*:/.test(after)) continue;
    let text: string;
    try {
      text = JSON.parse(m[0]) as string;
    } catch {
      continue;
    }
    if (/\p{L}/u.test(text)) segments.push(single(text, m.index + 1));
  }
  return { segments, tokens: [] };
}

/** String values of YAML (Rails/i18next catalogues); a file YAML cannot parse is read as plain text. */
export function yamlCopy(source: string): Extracted {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return textCopy(source);
  const segments: Segment[] = [];
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || !isScalar(node) || typeof node.value !== 'string' || !node.range) return;
      const start = node.range[0] + (source[node.range[0]] === '"' || source[node.range[0]] === "'" ? 1 : 0);
      if (/\p{L}/u.test(node.value)) segments.push(single(node.value, start));
    },
  });
  return { segments, tokens: [] };
}

const PO_FIELD = /^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$/;
const PO_CONTINUATION = /^"(.*)"\s*$/;

/** gettext catalogues: every msgid (the source copy) and msgstr (its translation), joined over continuation lines. */
export function poCopy(source: string): Extracted {
  const segments: Segment[] = [];
  let field: { keyword: string; segment: Segment } | undefined;
  let lastMsgid = '';
  const flush = () => {
    if (!field) return;
    const { keyword, segment } = field;
    if (keyword === 'msgid') lastMsgid = segment.text;
    // The header entry (msgid "") holds catalogue metadata, not copy; msgctxt is a key.
    const copy = keyword !== 'msgctxt' && !(keyword.startsWith('msgstr') && lastMsgid === '');
    if (copy && /\p{L}/u.test(segment.text)) segments.push(segment);
    field = undefined;
  };
  let offset = 0;
  for (const line of source.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const trimmed = line.trim();
    const start = PO_FIELD.exec(trimmed);
    const more = start ? undefined : PO_CONTINUATION.exec(trimmed);
    if (start) {
      flush();
      const quote = offset + indent + trimmed.indexOf('"') + 1;
      field = { keyword: start[1]!, segment: { text: decodeEscapes(start[2]!), pieces: [{ at: 0, offset: quote }] } };
    } else if (more && field) {
      field.segment.pieces.push({ at: field.segment.text.length, offset: offset + indent + 1 });
      field.segment.text += decodeEscapes(more[1]!);
    } else {
      flush();
    }
    offset += line.length + 1;
  }
  flush();
  return { segments, tokens: [] };
}

export function textCopy(source: string): Extracted {
  return { segments: /\p{L}/u.test(source) ? [single(source, 0)] : [], tokens: [] };
}

/** The copy of one file in the given format. */
export function extractCopy(format: CopyFormat, source: string, fileName = ''): Extracted {
  switch (format) {
    case 'markup':
      return markupCopy(source);
    case 'script':
      return scriptCopy(source, 0, /\.[jt]sx$/i.test(fileName));
    case 'json':
      return jsonCopy(source);
    case 'yaml':
      return yamlCopy(source);
    case 'po':
      return poCopy(source);
    case 'text':
      return textCopy(source);
  }
}
