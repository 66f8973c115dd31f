import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitError } from '../errors.js';
import { withLock } from './synth-lock.js';
import { stackFilePath } from './tf-json.js';

/** What synthesis reads: when any of it changed since the last synthesis, the stack files are stale. */
const sources = ['pipeline.config.ts', 'examples', 'config', 'modules', 'stacks', 'functions', 'scripts/synth.ts', 'scripts/packaging', 'package-lock.json'];

/** Besides the files: what else decides the synthesized JSON (the local stack follows the host's architecture). */
const synthInputs = (): string => JSON.stringify({ arch: process.arch, localArchitecture: process.env.LOCAL_STACK_ARCHITECTURE ?? '' });

function sourceFiles(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((entry) => (entry === 'node_modules' ? [] : sourceFiles(root, join(path, entry))));
}

/**
 * A digest of every source's path and content: a checkout, a `git stash` or a touched file that ends
 * with the same content is not a change; an edit is, however old its modification time.
 */
export function sourcesDigest(repoRoot: string): string {
  const hash = createHash('sha256').update(synthInputs());
  for (const file of sources.flatMap((source) => sourceFiles(repoRoot, source))) {
    hash.update(`\0${file}\0`).update(readFileSync(join(repoRoot, file)));
  }
  return hash.digest('hex');
}

/** Where the digest of the sources of the last synthesis is kept, beside the stacks it wrote. */
export const digestFilePath = (repoRoot: string): string => join(repoRoot, 'cdktf.out', '.sources.sha256');

/** Whether the stack file is missing, cut short (a synthesis killed while writing it) or synthesized from other sources. */
export function isSynthStale(repoRoot: string, stack: string): boolean {
  const file = join(repoRoot, stackFilePath(stack));
  if (!existsSync(file)) return true;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return true;
  }
  const digestFile = digestFilePath(repoRoot);
  if (!existsSync(digestFile)) return true;
  return readFileSync(digestFile, 'utf8').trim() !== sourcesDigest(repoRoot);
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
  // Taken before synthesis reads the sources: an edit made while it runs leaves the result stale.
  const digest = sourcesDigest(repoRoot);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/synth.ts')], { cwd: repoRoot, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new KitError('Synth', `npm run synth failed (${result.signal ? `killed by ${result.signal}` : `exit ${result.status}`}): ${result.stderr ?? ''}`.trim());
  if (!existsSync(join(repoRoot, stackFilePath(stack)))) throw new KitError('Synth', `synthesis wrote no stack named ${stack}`);
  writeFileSync(digestFilePath(repoRoot), `${digest}\n`);
  return { synthesized: true, ms: performance.now() - started };
}
