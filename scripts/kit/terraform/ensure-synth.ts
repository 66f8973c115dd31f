import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitError } from '../errors.js';
import { stackFilePath } from './tf-json.js';

/** What synthesis reads: when any of it is newer than the stack file, the file is stale. */
const sources = ['pipeline.config.ts', 'config', 'modules', 'stacks', 'functions', 'scripts/packaging'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

export function isSynthStale(repoRoot: string, stack: string): boolean {
  const file = join(repoRoot, stackFilePath(stack));
  if (!existsSync(file)) return true;
  const synthesized = statSync(file).mtimeMs;
  return sources.some((source) => newestMtime(join(repoRoot, source)) > synthesized);
}

/** Blocks this thread for `ms` (the synth lock is taken by another process). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Holds a lock (an atomic mkdir in the temp folder, one per repository) while `fn` runs, so that
 * test files or commands started together do not synthesize into the same folder at once.
 */
function withSynthLock<T>(repoRoot: string, fn: () => T, timeoutMs = 120_000): T {
  const lock = join(tmpdir(), `kit-synth-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new KitError('Synth', `${lock} is still held after ${timeoutMs} ms; remove it if no synthesis is running`);
      pause(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Runs `npm run synth` (scripts/synth.ts, under this Node) when the stack's cdk.tf.json is missing
 * or older than what it is built from. Returns whether it synthesized and how long it took.
 */
export function ensureSynth(repoRoot: string, stack: string, options: { force?: boolean; quiet?: boolean } = {}): { synthesized: boolean; ms: number } {
  if (!options.force && !isSynthStale(repoRoot, stack)) return { synthesized: false, ms: 0 };
  return withSynthLock(repoRoot, () => {
    // Another process may have synthesized while this one waited for the lock.
    if (!options.force && !isSynthStale(repoRoot, stack)) return { synthesized: false, ms: 0 };
    return synthesize(repoRoot, stack, options.quiet ?? false);
  });
}

function synthesize(repoRoot: string, stack: string, quiet: boolean): { synthesized: boolean; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/synth.ts')], { cwd: repoRoot, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new KitError('Synth', `npm run synth failed (exit ${result.status}): ${result.stderr ?? ''}`.trim());
  if (!existsSync(join(repoRoot, stackFilePath(stack)))) throw new KitError('Synth', `synthesis wrote no stack named ${stack}`);
  return { synthesized: true, ms: performance.now() - started };
}
