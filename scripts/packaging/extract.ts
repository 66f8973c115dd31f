import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import type { ZipEntry } from './zip.js';

const run = promisify(execFile);

/** Files a Lambda never reads: docs, type declarations, and sharp's build-from-source parts. */
function isRuntimeFile(packageName: string, path: string): boolean {
  if (/(^|\/)(README|CHANGELOG|HISTORY)[^/]*$/i.test(path) || /\.d\.[cm]?ts$/.test(path) || /\.md$/i.test(path) || /\.h$/.test(path)) return false;
  if (packageName === 'sharp') return path === 'package.json' || path === 'LICENSE' || path.startsWith('dist/');
  return true;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The runtime files of an npm tarball, placed at `node_modules/<name>/...`. Extracted with `tar`. */
export async function packageEntries(tarball: string, packageName: string): Promise<ZipEntry[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pipeline-pkg-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', dir]);
    const root = join(dir, 'package');
    const entries: ZipEntry[] = [];
    for (const file of await listFiles(root)) {
      const path = relative(root, file).split(sep).join('/');
      if (isRuntimeFile(packageName, path)) entries.push({ path: `node_modules/${packageName}/${path}`, data: await readFile(file) });
    }
    return entries;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
