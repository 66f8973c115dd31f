import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { toJsonValue } from './json-value.js';
import { parseLogLine, type LogLine } from './log-store.js';
import { endOfInvocationMarker, type InvocationContextData, type LambdaErrorPayload, type RunnerToWorker, type WorkerToRunner } from './worker-protocol.js';

export interface WorkerSpec {
  readonly functionName: string;
  readonly functionArn: string;
  readonly entry: string;
  readonly exportName: string;
  /** A module exporting `wrapHandler(handler)`, loaded around the real handler (tests). */
  readonly wrapper?: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The complete environment of the sandbox (nothing is inherited from the kit's process). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** The Node binary; the kit runs under Node 22 (the Lambda runtime), so its own by default. */
  readonly nodePath?: string;
  /** How often RSS is checked against the memory size while invoking. @default 100 */
  readonly memoryCheckMs?: number;
}

export interface InvokeOutcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: LambdaErrorPayload;
  readonly requestId: string;
  readonly durationMs: number;
  /** The invocation paid for starting the sandbox. */
  readonly coldStart: boolean;
}

const workerMain = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
/** The sandbox's TypeScript loader (not tsx: see the file for why). */
const typescriptHooks = fileURLToPath(new URL('../typescript-hooks.mjs', import.meta.url));

/** Resident set size of a process in MB, from /proc (Linux); undefined elsewhere. */
function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One warm sandbox: a child process running the handler, reused across invocations. The timeout
 * and the memory size are enforced from outside: past either, the process is killed (as Lambda
 * ends the sandbox) and the invocation fails with Lambda's error type.
 */
export class LambdaWorker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private current: { requestId: string; settle: (o: Omit<InvokeOutcome, 'durationMs' | 'coldStart' | 'requestId'>) => void } | undefined;
  /** The current invocation's result and end markers seen so far; it settles when all three are in. */
  private ending: { result?: Omit<InvokeOutcome, 'durationMs' | 'coldStart' | 'requestId'>; streams: Set<string> } = { streams: new Set() };
  private invocations = 0;
  private dead = false;

  constructor(
    readonly spec: WorkerSpec,
    private readonly onLog: (line: LogLine) => void,
  ) {}

  get alive(): boolean {
    return !this.dead;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and imports the handler (the cold start). Resolves when it is ready. */
  start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const args = ['--import', typescriptHooks, `--max-old-space-size=${this.spec.memoryMb}`, workerMain, this.spec.entry, this.spec.exportName];
      if (this.spec.wrapper) args.push(this.spec.wrapper);
      const child = spawn(this.spec.nodePath ?? process.execPath, args, {
        cwd: this.spec.cwd,
        env: { ...this.spec.env },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      this.child = child;
      for (const stream of ['stdout', 'stderr'] as const) {
        createInterface({ input: child[stream]! }).on('line', (text) => {
          if (text.startsWith(endOfInvocationMarker)) return this.endSeen(text.slice(endOfInvocationMarker.length), stream);
          if (text === '' || text.includes('ExperimentalWarning') || text.includes('--trace-warnings')) return;
          this.onLog(parseLogLine(this.spec.functionName, stream, text, this.current?.requestId));
        });
      }
      child.on('message', (message: WorkerToRunner) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'initError') {
          this.dead = true;
          reject(Object.assign(new Error(message.error.errorMessage), { payload: message.error }));
        } else if (message.type === 'result' && this.current?.requestId === message.id) {
          this.ending.result = message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error };
          this.settleWhenEnded();
        }
      });
      child.on('exit', (code, signal) => {
        this.dead = true;
        const reason = signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code ?? 0}`;
        reject(Object.assign(new Error(`Runtime exited during init with ${reason}`), { payload: { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${reason}` } }));
        this.current?.settle({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${this.current.requestId} Error: Runtime exited with error: ${reason}` } });
      });
      child.on('error', (error) => {
        this.dead = true;
        reject(error);
      });
    });
    return this.ready;
  }

  /** Runs one invocation; never rejects: failures come back as `ok: false` with Lambda's error type. */
  async invoke(event: unknown, requestId: string = randomUUID()): Promise<InvokeOutcome> {
    if (this.current) throw new Error(`worker for ${this.spec.functionName} is busy`);
    const started = performance.now();
    const coldStart = this.invocations++ === 0;
    try {
      await this.start();
    } catch (error) {
      const payload = (error as { payload?: LambdaErrorPayload }).payload ?? { errorType: 'Runtime.Unknown', errorMessage: (error as Error).message };
      return { ok: false, error: payload, requestId, durationMs: performance.now() - started, coldStart };
    }
    const deadlineMs = Date.now() + this.spec.timeoutSeconds * 1000;
    const outcome = await new Promise<Omit<InvokeOutcome, 'durationMs' | 'coldStart' | 'requestId'>>((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const settle = (o: Omit<InvokeOutcome, 'durationMs' | 'coldStart' | 'requestId'>): void => {
        timers.forEach(clearTimeout);
        timers.forEach(clearInterval);
        this.current = undefined;
        resolve(o);
      };
      this.ending = { streams: new Set() };
      this.current = { requestId, settle };
      timers.push(
        setTimeout(() => {
          this.kill();
          settle({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` } });
        }, this.spec.timeoutSeconds * 1000),
      );
      const pid = this.child?.pid;
      if (pid !== undefined) {
        timers.push(
          setInterval(() => {
            const rss = rssMb(pid);
            if (rss !== undefined && rss > this.spec.memoryMb) {
              this.kill();
              settle({ ok: false, error: { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed (${Math.round(rss)} MB used, ${this.spec.memoryMb} MB allowed)` } });
            }
          }, this.spec.memoryCheckMs ?? 100),
        );
      }
      const context: InvocationContextData = {
        functionName: this.spec.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: this.spec.functionArn,
        memoryLimitInMB: String(this.spec.memoryMb),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${this.spec.functionName}`,
        logStreamName: `kit/[$LATEST]${this.child?.pid ?? 0}`,
        deadlineMs,
      };
      let jsonEvent: unknown;
      try {
        jsonEvent = toJsonValue(event) ?? null;
      } catch (error) {
        return settle({ ok: false, error: { errorType: 'InvalidRequestContentException', errorMessage: `Could not serialize the event as JSON: ${(error as Error).message}` } });
      }
      const message: RunnerToWorker = { type: 'invoke', id: requestId, event: jsonEvent, context };
      const exited = { ok: false as const, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited before the invocation` } };
      if (!this.child || this.dead) return settle(exited);
      try {
        this.child.send(message);
      } catch {
        settle(exited);
      }
    });
    return { ...outcome, requestId, durationMs: performance.now() - started, coldStart };
  }

  private endSeen(requestId: string, stream: string): void {
    if (this.current?.requestId !== requestId) return;
    this.ending.streams.add(stream);
    this.settleWhenEnded();
  }

  /** Settles the current invocation once its result and both streams' end markers are in. */
  private settleWhenEnded(): void {
    const { result, streams } = this.ending;
    if (result && streams.size === 2) this.current?.settle(result);
  }

  kill(): void {
    this.dead = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Ends the sandbox and waits for the process to be gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.kill();
    await exited;
  }
}
