import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
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
  /** An asynchronous invocation the runner could not make at all (not a failed invocation: those retry, then are dropped as Lambda drops them). */
  asyncError: [{ functionName: string; trigger: string; error: Error }];
  idle: [];
}

export interface RunnerOptions {
  /** Upper bound of concurrent sandboxes per function (the account's concurrency, locally). */
  readonly maxWorkersPerFunction: number;
  /** Also called with every log line (e.g. to print it). */
  readonly logSink?: (line: LogLine) => void;
}

/** Retries of an asynchronous invocation after an error, as Lambda does for S3 events. */
const asyncRetries = 2;

/**
 * Runs the stack's functions in their own warm processes: synchronous invokes for the API and
 * the event source mappings, asynchronous invokes (with Lambda's two retries) for S3 events.
 */
export class LambdaRunner extends EventEmitter<RunnerEvents> {
  readonly logs = new LogStore();
  private readonly pools = new Map<string, FunctionPool>();
  private readonly byArn = new Map<string, string>();
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

  async invoke(nameOrArn: string, event: unknown, trigger: string, invocationType: InvocationType = 'RequestResponse'): Promise<InvocationRecord> {
    const functionName = this.resolveName(nameOrArn);
    const pool = functionName ? this.pools.get(functionName) : undefined;
    if (!functionName || !pool) throw new Error(`Function not found: ${nameOrArn}`);
    const requestId = randomUUID();
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

  /** Lambda's `Event` invocation: queued, retried twice on error, result not returned to the caller. */
  async invokeAsync(nameOrArn: string, event: unknown, trigger: string): Promise<void> {
    if (!this.resolveName(nameOrArn)) throw new Error(`Function not found: ${nameOrArn}`);
    this.running++;
    void (async () => {
      try {
        for (let attempt = 0; attempt <= asyncRetries; attempt++) {
          const record = await this.invoke(nameOrArn, event, trigger, 'Event');
          if (record.ok) break;
        }
      } catch (error) {
        this.emit('asyncError', { functionName: nameOrArn, trigger, error: error instanceof Error ? error : new Error(String(error)) });
      } finally {
        this.running--;
        if (this.running === 0) this.emit('idle');
      }
    })();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.stop()));
  }
}
