/** Every spelling of a value the redactor must mask, as a careless program would write it. */
export function spellings(value: string): Record<string, string> {
  const bytes = Buffer.from(value, 'utf8');
  return {
    plain: value,
    base64: bytes.toString('base64'),
    'base64 without padding': bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    hex: bytes.toString('hex'),
    HEX: bytes.toString('hex').toUpperCase(),
    'URL-encoded': encodeURIComponent(value),
    'JSON-escaped': JSON.stringify(value).slice(1, -1),
  };
}

/** Hits of any spelling of any value in `text`: what must never be found. */
export function leaks(text: string, values: readonly string[]): string[] {
  const hits: string[] = [];
  for (const value of values) {
    for (const [form, spelled] of Object.entries(spellings(value))) if (text.includes(spelled)) hits.push(`${form} of ${value.slice(0, 6)}…`);
  }
  return hits;
}
