import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repoRoot } from './support.js';

/** `npm run local -- <args>` as a user types it, from the repository root (npm's banner silenced). */
export function spawnLocal(args: readonly string[], options: { detached?: boolean } = {}): LocalProcess {
  const child = spawn('npm', ['run', '--silent', 'local', '--', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  return new LocalProcess(child);
}

/** A running `npm run local`: its output so far, a wait for a line, and its end. */
export class LocalProcess {
  stdout = '';
  stderr = '';
  /** Resolves once the process has exited and every holder of its stdout and stderr has closed them. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly lineWaiters = new Set<(line: string) => void>();

  constructor(readonly child: ChildProcess) {
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream]! }).on('line', (line) => {
        this[stream] += `${line}\n`;
        for (const waiter of this.lineWaiters) waiter(line);
      });
    }
    this.closed = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first line (stdout or stderr, from now or already printed) matching `pattern`; rejects if the process ends first. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray> {
    const seen = `${this.stdout}${this.stderr}`.split('\n').map((line) => pattern.exec(line)).find((m) => m !== null);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (line: string): void => {
        const match = pattern.exec(line);
        if (!match) return;
        this.lineWaiters.delete(waiter);
        resolve(match);
      };
      this.lineWaiters.add(waiter);
      void this.closed.then(({ code }) => {
        if (!this.lineWaiters.delete(waiter)) return;
        reject(new Error(`npm run local ended (exit ${code}) before printing ${pattern}:\n${this.stdout}\n${this.stderr}`));
      });
    });
  }
}

/** Runs `npm run local -- <args>` to its end. */
export async function runLocal(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const local = spawnLocal(args);
  const { code } = await local.closed;
  return { code, stdout: local.stdout, stderr: local.stderr };
}
