import escapeHtml from 'escape-html';

/** Markup that is already safe: only `html` and `raw` make one. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Markup | string | number | boolean | null | undefined | readonly Interpolation[];

const compacted = new WeakMap<TemplateStringsArray, string[]>();

/** The template's own layout whitespace (a newline and its indent) is dropped, so the page stays small. */
function compact(strings: TemplateStringsArray): string[] {
  let parts = compacted.get(strings);
  if (!parts) {
    parts = strings.map((s) =>
      (/^\s*\n\s*$/.test(s) ? '' : s)
        .replace(/>\s*\n\s*/g, '>')
        .replace(/\s*\n\s*</g, '<')
        .replace(/\n\s*/g, ' '),
    );
    compacted.set(strings, parts);
  }
  return parts;
}

function interpolate(value: Interpolation): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Escape-by-default templates: every interpolated value is HTML-escaped unless it is
 * `Markup` built by this same tag, so record data can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  const parts = compact(strings);
  let out = parts[0]!;
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]!) + parts[i + 1]!;
  return new Markup(out);
}

/** Trusted constant markup (the page's own CSS and script); never record data. */
export function raw(trusted: string): Markup {
  return new Markup(trusted);
}

/** A URL fragment for an element id; the id itself is escaped when interpolated. */
export function fragment(id: string): string {
  return `#${encodeURIComponent(id)}`;
}
