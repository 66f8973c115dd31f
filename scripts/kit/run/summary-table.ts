import Table from 'cli-table3';
import { afterStepsText } from './after-steps-check.js';
import type { ImageRun } from './run-uploads.js';

function resultOf(run: ImageRun): string {
  if (!run.answer.accepted) return `rejected ${run.answer.status}`;
  if (run.outcome?.kind === 'dead-letter') return run.outcome.via === 'function' ? 'dead-letter' : `dead-letter (${run.outcome.via})`;
  return run.outcome?.kind ?? 'lost';
}

export interface SummaryRow {
  readonly image: string;
  /** `pass`, `FAIL`, or `no golden` (processed, nothing to compare with: neutral). */
  readonly verdict: 'pass' | 'FAIL' | 'no golden';
  readonly result: string;
  readonly outputs: string;
  readonly ms: string;
  readonly golden: string;
  readonly note: string;
  /** How it went in: `POST /uploads` or `POST /executions`. */
  readonly entry: string;
  /** Its executions (`SUCCEEDED`, `FAILED (CorruptImage)`), `none` when none started, `-` when it never got a key. */
  readonly execution: string;
  /** Its after-processing steps (`metadata ok, archive ok, webhooks 2/2`), `-` when not checked. */
  readonly after: string;
}

/** Whether the stack had after-processing steps, so that the table shows them. */
export const hasAfterSteps = (runs: readonly ImageRun[]): boolean => runs.some((run) => run.after !== undefined);

/** Whether the run had a state machine or the executions API, so that the table shows how each image went in and its executions. */
export const hasExecutions = (runs: readonly ImageRun[]): boolean => runs.some((run) => run.executions !== undefined || run.entry === 'POST /executions');

export const verdictLabel = { pass: 'pass', fail: 'FAIL', 'no-golden': 'no golden' } as const satisfies Record<ImageRun['verdict'], SummaryRow['verdict']>;

export function summaryRows(runs: readonly ImageRun[]): SummaryRow[] {
  return runs.map((run) => ({
    image: run.file,
    verdict: verdictLabel[run.verdict],
    result: resultOf(run),
    outputs: run.answer.accepted ? `${run.outcome?.kind === 'outputs' ? run.answer.outputs.length : 0}/${run.answer.outputs.length}` : '-',
    ms: run.ms !== undefined ? String(Math.round(run.ms)) : '-',
    golden: run.golden.length === 0 ? '-' : `${run.golden.filter((g) => g.comparison?.match === true).length}/${run.golden.length}`,
    note: run.note,
    entry: run.entry ?? 'POST /uploads',
    // The error code only: the cause is the reason column's (and the report's).
    execution: run.executions === undefined ? '-' : run.executions.length === 0 ? 'none' : run.executions.map((e) => (e.error ? `${e.status} (${e.error})` : e.status)).join('; '),
    after: run.after ? afterStepsText(run.after) : '-',
  }));
}

/** The end-of-run table: per image its verdict, outputs, upload-to-last-output time, golden matches, and why. */
export function renderSummaryTable(runs: readonly ImageRun[], width = process.stdout.columns ?? 160): string {
  // Where a state machine ran: how each image went in, and its executions, after the result.
  const withExecutions = hasExecutions(runs);
  const withAfter = hasAfterSteps(runs);
  const fixed = [34, 11, 14, ...(withExecutions ? [18, 26] : []), 9, 8, 8, ...(withAfter ? [36] : [])];
  const table = new Table({
    head: ['image', 'verdict', 'result', ...(withExecutions ? ['in via', 'execution'] : []), 'outputs', 'ms', 'golden', ...(withAfter ? ['after processing'] : []), 'reason'],
    colWidths: [...fixed, Math.max(30, width - fixed.reduce((a, b) => a + b, 0) - fixed.length - 4)],
    wordWrap: true,
    style: { head: [], border: [], compact: true },
  });
  for (const row of summaryRows(runs)) {
    const middle = withExecutions ? [row.entry, row.execution] : [];
    table.push([row.image, row.verdict, row.result, ...middle, row.outputs, row.ms, row.golden, ...(withAfter ? [row.after] : []), row.note]);
  }
  return table.toString();
}
