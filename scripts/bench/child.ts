import { execFile as execFileCallback } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Runs a bench module's worker side in a fresh Node process (`<module> --worker <job JSON>`), so
 * its peak RSS and warm-up are its own; resolves to the JSON the worker printed last.
 */
export async function runWorkerInChild<R>(moduleFile: string, job: unknown, env: Record<string, string> = {}): Promise<R> {
  const { stdout } = await execFile(process.execPath, ['--import', 'tsx', moduleFile, '--worker', JSON.stringify(job)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    maxBuffer: 1024 * 1024,
    timeout: 600_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as R;
}

/** The job when this process was started by runWorkerInChild for `moduleUrl`, else undefined. */
export function workerJob<J>(moduleUrl: string): J | undefined {
  if (process.argv[2] !== '--worker' || moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return undefined;
  return JSON.parse(process.argv[3] ?? '{}') as J;
}
