import type { ExecutionRecord, ExecutionStatus } from '../stepfunctions/execution-record.js';
import { keyOfExecutionInput } from './event-dead-letter.js';

/** One Step Functions execution of an upload, as DescribeExecution tells it (input and output as JSON text). */
export type RunExecution = Pick<ExecutionRecord, 'executionArn' | 'name' | 'status' | 'input' | 'output' | 'error' | 'cause' | 'startDate' | 'stopDate'>;

/** The executions whose input names `key`, oldest first. */
export function executionsOfKey(all: readonly RunExecution[], key: string): RunExecution[] {
  return all.filter((execution) => keyOfExecutionInput(execution.input) === key).sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
}

/** `SUCCEEDED`, or `FAILED (BadImage: the reason)`: an execution in a few words. */
export function executionText(execution: RunExecution): string {
  const why = [execution.error, execution.cause].filter((part) => part !== undefined && part !== '').join(': ');
  return why ? `${execution.status} (${why})` : execution.status;
}

const statusWords: readonly (readonly [ExecutionStatus, string])[] = [
  ['SUCCEEDED', 'succeeded'],
  ['FAILED', 'failed'],
  ['TIMED_OUT', 'timed out'],
  ['ABORTED', 'aborted'],
  ['RUNNING', 'still running'],
];

/** `executions: 5 succeeded, 1 failed` (timed out, aborted and still running named only when there are some). */
export function executionsLine(executions: readonly RunExecution[]): string {
  const count = (status: ExecutionStatus): number => executions.filter((e) => e.status === status).length;
  const parts = statusWords.filter(([status], i) => i < 2 || count(status) > 0).map(([status, word]) => `${count(status)} ${word}`);
  return `executions: ${parts.join(', ')}`;
}

/** What the run says about executions, where a state machine ran: how the images went in, and how their executions ended. */
export function executionSummaryLines(runs: readonly { readonly entry?: string; readonly executions?: readonly RunExecution[] }[]): string[] {
  if (!runs.some((run) => run.executions !== undefined || run.entry === 'POST /executions')) return [];
  const started = runs.filter((run) => run.entry === 'POST /executions').length;
  return [
    `in via: ${runs.length - started} uploaded with POST /uploads (bucket -> EventBridge -> execution), ${started} seeded into the bucket with notifications muted (as objects there before the pipeline) and started with POST /executions`,
    executionsLine(runs.flatMap((run) => run.executions ?? [])),
  ];
}
