/**
 * Builds the bundle launch.mjs runs: scripts/process.ts and everything it imports (sharp, a native
 * addon, loaded from node_modules), ESM, plus a manifest of the files it was built from with their
 * `size:mtime`. Written to temporary names and renamed, so a run started meanwhile reads either
 * the old pair or the new one.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

// Bundled CommonJS dependencies call require(), which ESM lacks.
const requireBanner = "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);";

export async function buildProcessCli({ repoRoot, bundleFile, manifestFile, stamp }) {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: ['scripts/process.ts'],
    outfile: bundleFile,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: ['sharp'],
    banner: { js: requireBanner },
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  // package.json and the lockfile too: a dependency upgrade rebuilds.
  const inputs = [...Object.keys(result.metafile.inputs), 'package.json', 'package-lock.json'];
  const manifest = { inputs: Object.fromEntries(inputs.map((file) => [file, stamp(file)])) };
  await mkdir(path.dirname(bundleFile), { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  await writeFile(bundleFile + suffix, result.outputFiles[0].contents);
  await writeFile(manifestFile + suffix, JSON.stringify(manifest));
  await rename(bundleFile + suffix, bundleFile);
  await rename(manifestFile + suffix, manifestFile);
}
