/**
 * The bench's targets: each figure that has one is judged here, marked MISSED where it misses,
 * and remembered, so `npm run bench` can close with every miss in one place.
 */

export type TargetRule = { readonly atMost: number } | { readonly atLeast: number } | { readonly below: number };

export interface TargetVerdict {
  readonly met: boolean;
  /** The target alone: `<= 100 ms`. */
  readonly target: string;
  /** For a table's target column: `<= 100 ms`, or `MISSED <= 100 ms`. */
  readonly cell: string;
  /** For the end of a line: `target <= 100 ms`, or `MISSED: target <= 100 ms`. */
  readonly mark: string;
}

interface Judged {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean;
}

const judged: Judged[] = [];

/** Judges `value` against `rule` (both shown with `format`) and records the result under `figure`. */
export function checkTarget(figure: string, value: number, rule: TargetRule, format: (n: number) => string = String): TargetVerdict {
  const [met, target] =
    'atMost' in rule ? [value <= rule.atMost, `<= ${format(rule.atMost)}`] : 'atLeast' in rule ? [value >= rule.atLeast, `>= ${format(rule.atLeast)}`] : [value < rule.below, `< ${format(rule.below)}`];
  judged.push({ figure, value: format(value), target, met });
  return { met, target, cell: met ? target : `MISSED ${target}`, mark: met ? `target ${target}` : `MISSED: target ${target}` };
}

/** One line per figure judged so far that missed its target, after a count line. */
export function targetSummary(): string[] {
  const missed = judged.filter((j) => !j.met);
  if (judged.length === 0) return [];
  if (missed.length === 0) return [`targets: all ${judged.length} met`];
  return [`targets: ${missed.length} of ${judged.length} MISSED`, ...missed.map((j) => `  MISSED ${j.figure}: ${j.value} (target ${j.target})`)];
}
