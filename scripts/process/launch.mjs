/**
 * `npm run process` without compiling TypeScript on every run: runs an esbuild bundle of
 * scripts/process.ts kept in .build/process-cli/, rebuilt (about 0.3 s, esbuild) only when one of
 * the files it was built from changed (size or modification time), then calls its runProcessCli.
 * Plain JavaScript on purpose: this file is what starts before any compiler.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(repoRoot, '.build', 'process-cli');
const bundleFile = path.join(outDir, 'process.mjs');
const manifestFile = path.join(outDir, 'inputs.json');

/** `size:mtime` of a file, or undefined when it is gone. */
function stamp(file) {
  try {
    const { size, mtimeMs } = statSync(path.join(repoRoot, file));
    return `${size}:${mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** Whether the bundle was built from the files as they are now. */
function upToDate() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    statSync(bundleFile);
  } catch {
    return false;
  }
  return Object.entries(manifest.inputs).every(([file, was]) => stamp(file) === was);
}

if (!upToDate()) {
  const { buildProcessCli } = await import('./build-cli.mjs');
  await buildProcessCli({ repoRoot, bundleFile, manifestFile, stamp });
}
const { runProcessCli } = await import(pathToFileURL(bundleFile).href);
process.exitCode = await runProcessCli(process.argv.slice(2));
