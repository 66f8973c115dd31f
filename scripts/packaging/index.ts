import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Architecture } from '../../config/index.js';
import { bundleFunction } from './bundle.js';
import { packageEntries } from './extract.js';
import { fetchPackage } from './npm-pack.js';
import { defaultOutDir, packCacheDir } from './paths.js';
import { sharpRuntimePackages, type PackageRef } from './sharp-packages.js';
import { functionNames, type FunctionName, type PackagedFunctions, type PackageOptions } from './types.js';
import { writeReproducibleZip, type ZipEntry } from './zip.js';

export * from './types.js';

/** Functions whose zip carries sharp; the upload function only sniffs magic bytes. */
const needsSharp: Record<FunctionName, boolean> = { process: true, upload: false };

/** Bump when the zip layout changes, so zips built by an older packager are rebuilt. */
const layoutVersion = 2;

export function zipPathFor(outDir: string, name: FunctionName, architecture: Architecture): string {
  return join(outDir, `${name}-${architecture}.zip`);
}

function inputsHash(architecture: Architecture, bundle: readonly ZipEntry[], packages: readonly PackageRef[]): string {
  const hash = createHash('sha256').update(`layout ${layoutVersion}\narch ${architecture}\n`);
  for (const entry of bundle) hash.update(`${entry.path}\n`).update(entry.data);
  for (const ref of packages) hash.update(`${ref.name}@${ref.version} ${ref.integrity ?? ''}\n`);
  return hash.digest('hex');
}

async function packageOne(name: FunctionName, architecture: Architecture, outDir: string): Promise<string> {
  const zipPath = zipPathFor(outDir, name, architecture);
  const stampPath = `${zipPath}.inputs`;
  const bundle = await bundleFunction(name);
  const packages = needsSharp[name] ? await sharpRuntimePackages(architecture) : [];
  const stamp = inputsHash(architecture, bundle, packages);
  // Same bundle, same package versions, same layout: the zip already on disk is byte-identical.
  if (existsSync(zipPath) && existsSync(stampPath) && (await readFile(stampPath, 'utf8')) === stamp) return zipPath;

  const entries = [...bundle];
  for (const ref of packages) entries.push(...(await packageEntries(await fetchPackage(ref, packCacheDir), ref.name)));
  await writeReproducibleZip(entries, zipPath);
  await writeFile(stampPath, stamp);
  return zipPath;
}

/**
 * Builds `<outDir>/<function>-<architecture>.zip` for each function: an esbuild bundle
 * (`index.mjs`, handler `index.handler`) and, for the process function, sharp with the Linux glibc
 * binaries of `architecture` fetched from the npm registry (cached in .build/cache). Zips are
 * reproducible and rebuilt only when an input changed. Returns absolute zip paths; with
 * `functions` set, only those keys are present.
 */
export async function packageFunctions(options: PackageOptions): Promise<PackagedFunctions> {
  const outDir = resolve(options.outDir ?? defaultOutDir);
  await mkdir(outDir, { recursive: true });
  const result: Partial<PackagedFunctions> = {};
  for (const name of options.functions ?? functionNames) {
    result[name] = await packageOne(name, options.architecture, outDir);
  }
  return result as PackagedFunctions;
}
