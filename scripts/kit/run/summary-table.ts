import Table from 'cli-table3';
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
}

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
  }));
}

/** The end-of-run table: per image its verdict, outputs, upload-to-last-output time, golden matches, and why. */
export function renderSummaryTable(runs: readonly ImageRun[], width = process.stdout.columns ?? 160): string {
  const table = new Table({
    head: ['image', 'verdict', 'result', 'outputs', 'ms', 'golden', 'reason'],
    colWidths: [34, 11, 14, 9, 8, 8, Math.max(30, width - 34 - 11 - 14 - 9 - 8 - 8 - 10)],
    wordWrap: true,
    style: { head: [], border: [], compact: true },
  });
  for (const row of summaryRows(runs)) table.push([row.image, row.verdict, row.result, row.outputs, row.ms, row.golden, row.note]);
  return table.toString();
}
