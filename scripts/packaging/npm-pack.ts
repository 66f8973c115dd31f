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
 * The registry tarball of `ref`, fetched once with `npm pack` into `cacheDir` and checked against
 * the lockfile's integrity. Fetched into a private folder and renamed, so concurrent builds never
 * read a partial file.
 */
export async function fetchPackage(ref: PackageRef, cacheDir: string): Promise<string> {
  const target = join(cacheDir, tarballName(ref));
  if (existsSync(target) && (await matchesIntegrity(target, ref.integrity))) return target;
  await mkdir(cacheDir, { recursive: true });
  const scratch = await mkdtemp(join(cacheDir, '.pack-'));
  try {
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', `${ref.name}@${ref.version}`, '--pack-destination', scratch, '--silent'], {
      cwd: scratch,
      shell: process.platform === 'win32',
      maxBuffer: 16 * 1024 * 1024,
    });
    const [file] = (await readdir(scratch)).filter((f) => f.endsWith('.tgz'));
    if (file === undefined) throw new Error(`npm pack ${ref.name}@${ref.version} produced no tarball`);
    if (!(await matchesIntegrity(join(scratch, file), ref.integrity))) {
      throw new Error(`${ref.name}@${ref.version} from the registry does not match package-lock.json's integrity`);
    }
    await rename(join(scratch, file), target);
    return target;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
