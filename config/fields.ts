import { z } from 'zod';
import { show } from './issues.js';

/**
 * Field schemas whose messages state the rule and echo the value (`must be an integer from 1 to 10,
 * got 11`). A value of the wrong type falls through to the generic message (config/issues.ts:
 * `must be a number, got a string ("2048")`).
 */

/** An integer from `min` to `max`; `why`, when given, explains the maximum. */
export function integer(min: number, max: number, why?: string) {
  const rule = `must be an integer from ${min} to ${max}`;
  return z
    .int({ error: (issue) => (typeof issue.input === 'number' ? `${rule}, got ${show(issue.input)}` : undefined) })
    .min(min)
    .max(max, why === undefined ? undefined : { error: (issue) => `must be at most ${max}, got ${show(issue.input)}: ${why}` });
}

/** Text matching `pattern`, described as `what` (`must be <what>, got "..."`). */
export function text(pattern: RegExp, what: string) {
  return z.string({ error: (issue) => (typeof issue.input === 'string' ? `must be ${what}, got ${show(issue.input)}` : undefined) }).regex(pattern);
}

/** One of a fixed list of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `must be one of ${values.join(', ')}, got ${show(issue.input)}` });
}

/** One of a fixed list of numbers (a plain number in the types: callers compute such values). */
export function numberIn(values: readonly number[]) {
  return z.number().refine((value) => values.includes(value), { error: (issue) => `must be one of ${values.join(', ')}, got ${show(issue.input)}` });
}

/** True when `list` holds some value twice. */
export function hasRepeats(list: readonly unknown[]): boolean {
  return new Set(list).size !== list.length;
}
