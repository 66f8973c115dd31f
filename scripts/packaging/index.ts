import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Architecture } from '../../config/index.js';
import { bundleFunction } from './bundle.js';
import { packageEntries } from './extract.js';
import { fetchPackages } from './npm-pack.js';
import { defaultOutDir, packCacheDir } from './paths.js';
import { sharpRuntimePackages, type PackageRef } from './sharp-packages.js';
import { functionNames, type FunctionName, type PackagedFunctions, type PackageOptions } from './types.js';
import { writeReproducibleZip, type ZipEntry } from './zip.js';

export * from './types.js';

/** Functions whose zip carries sharp; the upload function only sniffs magic bytes, notify only sends HTTP requests. */
const needsSharp: Record<FunctionName, boolean> = { process: true, upload: false, notify: false };

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

interface PlannedZip {
  readonly name: FunctionName;
  readonly architecture: Architecture;
  readonly path: string;
  readonly stamp: string;
  readonly bundle: readonly ZipEntry[];
  readonly packages: readonly PackageRef[];
}

/** Same bundle, same package versions, same layout: the zip already on disk is byte-identical. */
async function isCurrent(zip: PlannedZip): Promise<boolean> {
  const stampPath = `${zip.path}.inputs`;
  return existsSync(zip.path) && existsSync(stampPath) && (await readFile(stampPath, 'utf8')) === zip.stamp;
}

const refKey = (ref: PackageRef): string => `${ref.name}@${ref.version}`;

/**
 * Builds `<outDir>/<function>-<architecture>.zip` for each function and each architecture: an
 * esbuild bundle (`index.mjs`, handler `index.handler`, built once per function: it does not depend
 * on the CPU) and, for the process function, sharp with the Linux glibc binaries of that
 * architecture from the npm registry (cached in .build/cache, fetched in one `npm pack`). Zips are
 * reproducible and rebuilt only when an input changed. Returns absolute zip paths; with
 * `functions` set, only those keys are present.
 */
export async function packageForArchitectures(
  architectures: readonly Architecture[],
  options: Omit<PackageOptions, 'architecture'> = {},
): Promise<Partial<Record<Architecture, PackagedFunctions>>> {
  const outDir = resolve(options.outDir ?? defaultOutDir);
  await mkdir(outDir, { recursive: true });
  const names = options.functions ?? functionNames;
  const bundles = new Map(await Promise.all(names.map(async (name) => [name, await bundleFunction(name)] as const)));
  const packagesByArch = new Map(
    await Promise.all(architectures.map(async (architecture) => [architecture, await sharpRuntimePackages(architecture)] as const)),
  );
  const planned: PlannedZip[] = architectures.flatMap((architecture) =>
    names.map((name) => {
      const bundle = bundles.get(name)!;
      const packages = needsSharp[name] ? packagesByArch.get(architecture)! : [];
      return { name, architecture, path: zipPathFor(outDir, name, architecture), stamp: inputsHash(architecture, bundle, packages), bundle, packages };
    }),
  );
  const stale = (await Promise.all(planned.map(async (zip) => ((await isCurrent(zip)) ? undefined : zip)))).filter((zip) => zip !== undefined);

  // The tarballs the stale zips need: fetched in one npm call, checked once, and each extracted once
  // (both architectures' zips carry sharp's JavaScript).
  const needed = [...new Map(stale.flatMap((zip) => zip.packages).map((ref) => [refKey(ref), ref])).values()];
  const tarballFiles = await fetchPackages(needed, packCacheDir);
  const tarballOf = new Map(needed.map((ref, i) => [refKey(ref), tarballFiles[i]!]));
  const extracted = new Map<string, Promise<ZipEntry[]>>();
  const entriesOf = (ref: PackageRef): Promise<ZipEntry[]> => {
    const key = refKey(ref);
    if (!extracted.has(key)) extracted.set(key, packageEntries(tarballOf.get(key)!, ref.name));
    return extracted.get(key)!;
  };

  // All stale zips at once: their deflating runs on libuv's thread pool, so they share the cores.
  await Promise.all(
    stale.map(async (zip) => {
      const entries = [...zip.bundle, ...(await Promise.all(zip.packages.map(entriesOf))).flat()];
      await writeReproducibleZip(entries, zip.path);
      await writeFile(`${zip.path}.inputs`, zip.stamp);
    }),
  );
  const result: Partial<Record<Architecture, PackagedFunctions>> = {};
  for (const { architecture, name, path } of planned) result[architecture] = { ...result[architecture], [name]: path } as PackagedFunctions;
  return result;
}

/** `packageForArchitectures` for one architecture. */
export async function packageFunctions(options: PackageOptions): Promise<PackagedFunctions> {
  const { architecture, ...rest } = options;
  const zips = await packageForArchitectures([architecture], rest);
  return zips[architecture]!;
}
