/**
 * One way to say what zod found wrong, for every error that names what is wrong and where.
 * Structural types, so this base module does not tie its callers to a zod version.
 */
export interface IssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

/** A path as people write it: `groups[0].rules[1].label`; '' for the value itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/**
 * Where an issue points. zod reports unknown keys on the object that holds them; this names
 * the first unknown key itself, so a file reader can point at its line.
 */
export function issuePath(issue: IssueLike): PropertyKey[] {
  return issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined ? [...issue.path, issue.keys[0]] : [...issue.path];
}

/**
 * Issues as one line, `path: message; path: message`. `under` names the option the value
 * was given as (`webhook` → `webhook.maxAttempts: …`); an issue about the value itself is
 * its message alone (or `under: message`).
 */
export function describeIssues(issues: readonly IssueLike[], under?: string): string {
  return issues
    .map((issue) => {
      const path = formatPath(under === undefined ? issue.path : [under, ...issue.path]);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The first issue as `path: message`, as the simulated API's one-line 400 says it: an
 * unknown key is named itself, an issue about the value itself names `whole`.
 */
export function firstIssue(issues: readonly IssueLike[], whole: string): string {
  const issue = issues[0];
  if (!issue) return whole;
  return `${formatPath(issuePath(issue)) || whole}: ${issue.message}`;
}
