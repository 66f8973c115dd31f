import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitError } from '../errors.js';
import { withLock } from './synth-lock.js';
import { stackFilePath } from './tf-json.js';

/** What synthesis reads: when any of it is newer than the stack file, the file is stale. */
const sources = ['pipeline.config.ts', 'examples', 'config', 'modules', 'stacks', 'functions', 'scripts/synth.ts', 'scripts/packaging'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** Whether the stack file is missing, cut short (a synthesis killed while writing it) or older than its sources. */
export function isSynthStale(repoRoot: string, stack: string): boolean {
  const file = join(repoRoot, stackFilePath(stack));
  if (!existsSync(file)) return true;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return true;
  }
  const synthesized = statSync(file).mtimeMs;
  return sources.some((source) => newestMtime(join(repoRoot, source)) > synthesized);
}

/** The synth lock of a repository (one per checkout, in the temp folder). */
export function synthLockPath(repoRoot: string): string {
  return join(tmpdir(), `kit-synth-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.lock`);
}

/**
 * Runs `npm run synth` (scripts/synth.ts, under this Node) when the stack's cdk.tf.json is missing
 * or older than what it is built from. Returns whether it synthesized and how long it took.
 */
export function ensureSynth(repoRoot: string, stack: string, options: { force?: boolean; quiet?: boolean } = {}): { synthesized: boolean; ms: number } {
  if (!options.force && !isSynthStale(repoRoot, stack)) return { synthesized: false, ms: 0 };
  // Test files or commands started together must not synthesize into the same folder at once; a
  // lock left by a synthesis that was killed (Ctrl-C, SIGKILL) is taken over, not waited on.
  const quiet = options.quiet ?? false;
  const onStale = (reason: string): void => {
    if (!quiet) process.stderr.write(`taking over the synth lock: ${reason}\n`);
  };
  return withLock(synthLockPath(repoRoot), () => {
    // Another process may have synthesized while this one waited for the lock.
    if (!options.force && !isSynthStale(repoRoot, stack)) return { synthesized: false, ms: 0 };
    return synthesize(repoRoot, stack, quiet);
  }, { onStale });
}

function synthesize(repoRoot: string, stack: string, quiet: boolean): { synthesized: boolean; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/synth.ts')], { cwd: repoRoot, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new KitError('Synth', `npm run synth failed (${result.signal ? `killed by ${result.signal}` : `exit ${result.status}`}): ${result.stderr ?? ''}`.trim());
  if (!existsSync(join(repoRoot, stackFilePath(stack)))) throw new KitError('Synth', `synthesis wrote no stack named ${stack}`);
  return { synthesized: true, ms: performance.now() - started };
}
