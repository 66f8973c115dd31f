import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PackageRef } from './sharp-packages.js';

const run = promisify(execFile);

function tarballName(ref: PackageRef): string {
  return `${ref.name.replace(/^@/, '').replace(/\//g, '-')}-${ref.version}.tgz`;
}

async function matchesIntegrity(path: string, integrity: string | undefined): Promise<boolean> {
  if (integrity === undefined) return true;
  const [algorithm, expected] = integrity.split('-', 2) as [string, string];
  const actual = createHash(algorithm).update(await readFile(path)).digest('base64');
  return actual === expected;
}

/**
 * The registry tarballs of `refs` (same order), each checked against the lockfile's integrity.
 * Tarballs missing from `cacheDir` are fetched with ONE `npm pack` (npm's start-up dominates a
 * fetch) into a private folder and renamed into place, so concurrent builds never read a partial file.
 */
export async function fetchPackages(refs: readonly PackageRef[], cacheDir: string): Promise<string[]> {
  const targets = refs.map((ref) => join(cacheDir, tarballName(ref)));
  const missing: PackageRef[] = [];
  for (const [i, ref] of refs.entries()) {
    if (!(existsSync(targets[i]!) && (await matchesIntegrity(targets[i]!, ref.integrity)))) missing.push(ref);
  }
  if (missing.length === 0) return targets;
  await mkdir(cacheDir, { recursive: true });
  const scratch = await mkdtemp(join(cacheDir, '.pack-'));
  try {
    const specs = missing.map((ref) => `${ref.name}@${ref.version}`);
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', ...specs, '--pack-destination', scratch, '--silent'], {
      cwd: scratch,
      shell: process.platform === 'win32',
      maxBuffer: 16 * 1024 * 1024,
    });
    const fetched = new Set(await readdir(scratch));
    for (const ref of missing) {
      const file = tarballName(ref);
      if (!fetched.has(file)) throw new Error(`npm pack ${ref.name}@${ref.version} produced no ${file}`);
      if (!(await matchesIntegrity(join(scratch, file), ref.integrity))) {
        throw new Error(`${ref.name}@${ref.version} from the registry does not match package-lock.json's integrity`);
      }
      await rename(join(scratch, file), join(cacheDir, file));
    }
    return targets;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
