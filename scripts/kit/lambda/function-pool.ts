import type { LogLine } from './log-store.js';
import { LambdaWorker, type InvokeOutcome, type WorkerSpec } from './lambda-worker.js';

/**
 * The warm sandboxes of one function: an invocation takes an idle worker, or starts one while
 * fewer than `maxWorkers` exist, or waits for one to come free. A worker that died (crash,
 * timeout, memory) is dropped and replaced on demand, as Lambda replaces a broken sandbox.
 */
export class FunctionPool {
  private readonly idle: LambdaWorker[] = [];
  private readonly all = new Set<LambdaWorker>();
  private readonly waiters: ((worker: LambdaWorker) => void)[] = [];
  private stopped = false;

  constructor(
    readonly spec: WorkerSpec,
    readonly maxWorkers: number,
    private readonly onLog: (line: LogLine) => void,
  ) {}

  get size(): number {
    return this.all.size;
  }

  get active(): number {
    return this.all.size - this.idle.length;
  }

  /** Starts one sandbox ahead of the first invocation, so that one is warm. */
  async prewarm(): Promise<void> {
    if (this.all.size > 0 || this.stopped) return;
    const worker = this.create();
    this.idle.push(worker);
    await worker.start().catch(() => undefined);
  }

  async invoke(event: unknown, requestId?: string): Promise<InvokeOutcome> {
    const worker = await this.acquire();
    try {
      return await worker.invoke(event, requestId);
    } finally {
      this.release(worker);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.all].map((w) => w.stop()));
    this.all.clear();
    this.idle.length = 0;
  }

  private create(): LambdaWorker {
    const worker = new LambdaWorker(this.spec, this.onLog);
    this.all.add(worker);
    return worker;
  }

  private acquire(): Promise<LambdaWorker> {
    if (this.stopped) return Promise.reject(new Error(`${this.spec.functionName}: the runner is stopped`));
    for (;;) {
      const worker = this.idle.pop();
      if (!worker) break;
      if (worker.alive) return Promise.resolve(worker);
      this.all.delete(worker);
    }
    if (this.all.size < this.maxWorkers) return Promise.resolve(this.create());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(worker: LambdaWorker): void {
    if (!worker.alive) {
      this.all.delete(worker);
      const waiter = this.waiters.shift();
      if (waiter) waiter(this.create());
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(worker);
    else this.idle.push(worker);
  }
}
