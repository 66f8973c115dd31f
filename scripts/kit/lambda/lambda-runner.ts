import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { destinationRecord, type DestinationCondition, type DestinationRecord } from './destination-record.js';
import { FunctionPool } from './function-pool.js';
import type { InvokeOutcome, WorkerSpec } from './lambda-worker.js';
import { LogStore, type LogLine } from './log-store.js';

export type InvocationType = 'RequestResponse' | 'Event';

export interface InvocationRecord extends InvokeOutcome {
  readonly functionName: string;
  readonly invocationType: InvocationType;
  /** Which path invoked it: `api`, `queue:<name>`, `s3`, `direct`. */
  readonly trigger: string;
}

export interface RunnerEvents {
  invocationStart: [{ functionName: string; requestId: string; trigger: string }];
  invocation: [InvocationRecord];
  log: [LogLine];
  /** An asynchronous invocation the runner could not make at all, or whose destination record could not be delivered (not a failed invocation: those retry, then go to the destination). */
  asyncError: [{ functionName: string; trigger: string; error: Error }];
  /** An asynchronous event is done with: succeeded, or given up on (sent to the on-failure destination, or dropped without one). */
  asyncSettled: [AsyncOutcome];
  idle: [];
}

export interface RunnerOptions {
  /** Upper bound of concurrent sandboxes per function (the account's concurrency, locally). */
  readonly maxWorkersPerFunction: number;
  /** Also called with every log line (e.g. to print it). */
  readonly logSink?: (line: LogLine) => void;
  /** Delivers a destination record to an on-failure destination (an SQS queue ARN); throws when it could not. */
  readonly sendToDestination?: (destinationArn: string, record: DestinationRecord) => Promise<void>;
  /**
   * Waits before the first and second retry of an asynchronous event, in ms. Lambda waits about
   * 1 then 2 minutes; locally the retries are immediate unless set. @default [0, 0]
   */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** The clock event ages are measured with (epoch ms; tests move it). @default Date.now */
  readonly now?: () => number;
}

/** How Lambda handles a function's asynchronous invocations (its event invoke config). */
export interface AsyncInvokeSettings {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  /** Where the destination record goes when Lambda gives up on an event. */
  readonly onFailureDestination?: string;
}

/** Lambda's defaults for a function without an event invoke config: two retries, six hours. */
export const defaultAsyncInvokeSettings: AsyncInvokeSettings = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 };

/** What became of one asynchronous event. */
export interface AsyncOutcome {
  readonly requestId: string;
  readonly functionName: string;
  readonly trigger: string;
  /** The event as it was accepted. */
  readonly event: unknown;
  /** Every attempt, in order (they share the event's request id, as in Lambda). */
  readonly attempts: readonly InvocationRecord[];
  readonly result: 'succeeded' | 'destination' | 'dropped' | 'error';
  readonly condition?: DestinationCondition;
  /** The record sent to the on-failure destination (or that would have been, when there is none). */
  readonly destinationRecord?: DestinationRecord;
}

/** An accepted asynchronous invocation (Lambda's 202): its request id, and when it is done with. */
export interface AsyncInvocation {
  readonly requestId: string;
  /** Never rejects: a failure is the outcome's `result`. */
  readonly settled: Promise<AsyncOutcome>;
}

/**
 * Runs the stack's functions in their own warm processes: synchronous invokes for the API and
 * the event source mappings, asynchronous invokes (retries, event age, on-failure destination:
 * the function's event invoke config) for S3 events.
 */
export class LambdaRunner extends EventEmitter<RunnerEvents> {
  readonly logs = new LogStore();
  private readonly pools = new Map<string, FunctionPool>();
  private readonly byArn = new Map<string, string>();
  private readonly asyncSettings = new Map<string, AsyncInvokeSettings>();
  private running = 0;

  constructor(private readonly options: RunnerOptions) {
    super();
  }

  register(spec: WorkerSpec): void {
    const existing = this.pools.get(spec.functionName);
    if (existing && JSON.stringify(existing.spec) === JSON.stringify(spec)) return;
    void existing?.stop();
    this.pools.set(
      spec.functionName,
      new FunctionPool(spec, this.options.maxWorkersPerFunction, (line) => {
        this.logs.add(line);
        this.options.logSink?.(line);
        this.emit('log', line);
      }),
    );
    this.byArn.set(spec.functionArn, spec.functionName);
    this.byArn.set(`${spec.functionArn}:$LATEST`, spec.functionName);
  }

  /** Sets a function's asynchronous invocation settings (from its event invoke config). */
  configureAsync(functionName: string, settings: AsyncInvokeSettings): void {
    this.asyncSettings.set(functionName, settings);
  }

  asyncSettingsOf(functionName: string): AsyncInvokeSettings {
    return this.asyncSettings.get(functionName) ?? defaultAsyncInvokeSettings;
  }

  functionNames(): string[] {
    return [...this.pools.keys()];
  }

  /** The function name for a name, ARN or qualified ARN. */
  resolveName(nameOrArn: string): string | undefined {
    return this.pools.has(nameOrArn) ? nameOrArn : this.byArn.get(nameOrArn);
  }

  spec(functionName: string): WorkerSpec | undefined {
    return this.pools.get(functionName)?.spec;
  }

  /** Invocations running now. */
  get active(): number {
    return this.running;
  }

  async prewarm(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.prewarm()));
  }

  /** `requestId`: given for the retries of an asynchronous event, which keep the event's id. */
  async invoke(nameOrArn: string, event: unknown, trigger: string, invocationType: InvocationType = 'RequestResponse', requestId: string = randomUUID()): Promise<InvocationRecord> {
    const functionName = this.resolveName(nameOrArn);
    const pool = functionName ? this.pools.get(functionName) : undefined;
    if (!functionName || !pool) throw new Error(`Function not found: ${nameOrArn}`);
    this.running++;
    this.emit('invocationStart', { functionName, requestId, trigger });
    try {
      const outcome = await pool.invoke(event, requestId);
      const record: InvocationRecord = { ...outcome, functionName, invocationType, trigger };
      this.emit('invocation', record);
      return record;
    } finally {
      this.running--;
      if (this.running === 0) this.emit('idle');
    }
  }

  /**
   * Lambda's `Event` invocation: accepted at once, then run with the function's retries (the
   * event's age checked before each attempt); when they are exhausted or the event is older than
   * its maximum age, the destination record goes to the on-failure destination, or the event is
   * dropped without one. Throws only when the function does not exist.
   */
  async invokeAsync(nameOrArn: string, event: unknown, trigger: string): Promise<AsyncInvocation> {
    const functionName = this.resolveName(nameOrArn);
    if (!functionName) throw new Error(`Function not found: ${nameOrArn}`);
    const requestId = randomUUID();
    const receivedAt = this.clock();
    this.running++;
    const settled = this.runAsync(functionName, event, trigger, requestId, receivedAt).finally(() => {
      this.running--;
      if (this.running === 0) this.emit('idle');
    });
    return { requestId, settled };
  }

  private clock(): number {
    return (this.options.now ?? Date.now)();
  }

  private async runAsync(functionName: string, event: unknown, trigger: string, requestId: string, receivedAt: number): Promise<AsyncOutcome> {
    const settings = this.asyncSettingsOf(functionName);
    const attempts: InvocationRecord[] = [];
    const base = { requestId, functionName, trigger, event, attempts };
    let outcome: AsyncOutcome;
    try {
      let condition: DestinationCondition | undefined;
      for (let attempt = 0; condition === undefined; attempt++) {
        const wait = attempt > 0 ? (this.options.asyncRetryDelaysMs?.[attempt - 1] ?? 0) : 0;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (this.clock() - receivedAt > settings.maximumEventAgeSeconds * 1000) {
          condition = 'EventAgeExceeded';
          break;
        }
        const record = await this.invoke(functionName, event, trigger, 'Event', requestId);
        attempts.push(record);
        if (record.ok) break;
        if (attempt >= settings.maximumRetryAttempts) condition = 'RetriesExhausted';
      }
      if (condition === undefined) {
        outcome = { ...base, result: 'succeeded' };
      } else {
        const record = destinationRecord({
          requestId,
          functionArn: this.pools.get(functionName)?.spec.functionArn ?? functionName,
          condition,
          invokeCount: attempts.length,
          event,
          ...(attempts.at(-1)?.error ? { lastError: attempts.at(-1)!.error! } : {}),
          at: new Date(),
        });
        const destination = settings.onFailureDestination;
        if (destination !== undefined && this.options.sendToDestination) await this.options.sendToDestination(destination, record);
        outcome = { ...base, result: destination !== undefined && this.options.sendToDestination ? 'destination' : 'dropped', condition, destinationRecord: record };
      }
    } catch (error) {
      this.emit('asyncError', { functionName, trigger, error: error instanceof Error ? error : new Error(String(error)) });
      outcome = { ...base, result: 'error' };
    }
    this.emit('asyncSettled', outcome);
    return outcome;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.stop()));
  }
}
