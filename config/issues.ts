import { z } from 'zod';

/** One thing wrong with a configuration: its dotted field path and what is wrong, echoing the value. */
export interface ConfigIssue {
  /** e.g. `processing.variants[0].formats[1]`; empty for the configuration as a whole. */
  readonly field: string;
  readonly message: string;
}

const maxShownLength = 80;

/** A value as it would be written in the configuration, shortened when long. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > maxShownLength ? `${text.slice(0, maxShownLength - 3)}...` : text;
}

/** A value's kind and the value: `a string ("2048")`. */
function describe(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return `${kind} (${show(value)})`;
}

const expectedPhrase: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** `processing.variants[0].formats` */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
}

/**
 * Messages for the issues no field gives its own message for: wrong types, unknown fields (the
 * message lists the fields the object takes), values outside a list. Fields with a rule of their
 * own (ranges, patterns) say it themselves (config/fields.ts).
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${expectedPhrase[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return issue.inst instanceof z.ZodObject ? `takes ${Object.keys(issue.inst.shape).join(', ')}` : undefined;
    case 'invalid_value':
      return `must be one of ${issue.values.map(show).join(', ')}, got ${show(issue.input)}`;
    default:
      return undefined;
  }
};

/** Whether a union branch failed only because the value is of another type (it was meant for another branch). */
const wrongTypeOnly = (issues: readonly z.core.$ZodIssue[]): boolean =>
  issues.length === 1 && issues[0]?.code === 'invalid_type' && issues[0].path.length === 0;

function issuesAt(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[]): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union') {
      // A union of a name and an object: report the issues of the branch the value's type chose.
      const chosen = issue.errors.filter((branch) => !wrongTypeOnly(branch));
      if (chosen.length === 1) return issuesAt(chosen[0]!, path);
    }
    if (issue.code !== 'unrecognized_keys') return [{ field: fieldPath(path), message: issue.message }];
    const owner = path.length === 0 ? 'the configuration' : fieldPath(path);
    return issue.keys.map((key) => ({
      field: fieldPath([...path, key]),
      message: `is not a known field (got ${show(issue.input?.[key])}); ${owner} ${issue.message}`,
    }));
  });
}

/**
 * The issues of a failed parse, one per field: an unknown field becomes one issue of its own, with
 * its value and the fields its object takes. `base` prefixes every path.
 */
export function configIssues(error: z.core.$ZodError, base: readonly PropertyKey[] = []): ConfigIssue[] {
  return issuesAt(error.issues, base);
}
