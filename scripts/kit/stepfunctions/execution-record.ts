import { randomUUID } from 'node:crypto';
import type { BusEvent } from '../eventbridge/s3-events.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, as DescribeExecution tells it (input and output as JSON text). */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly status: ExecutionStatus;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

export interface ExecutionStatusDetail {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  /** Epoch milliseconds. */
  readonly startDate: number;
  readonly stopDate: number | null;
  readonly input: string;
  readonly output: string | null;
  readonly inputDetails: { readonly included: boolean };
  readonly outputDetails: { readonly included: boolean } | null;
  readonly error: string | null;
  readonly cause: string | null;
}

/** The `Step Functions Execution Status Change` event Step Functions puts on the default bus. */
export function executionStatusChangeEvent(record: ExecutionRecord, region: string, accountId: string, time = new Date()): BusEvent<ExecutionStatusDetail> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: accountId,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [record.executionArn],
    detail: {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate.getTime(),
      stopDate: record.stopDate?.getTime() ?? null,
      input: record.input,
      output: record.output ?? null,
      inputDetails: { included: true },
      outputDetails: record.output !== undefined ? { included: true } : null,
      error: record.error ?? null,
      cause: record.cause ?? null,
    },
  };
}
