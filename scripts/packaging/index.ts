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

async function packageOne(
  name: FunctionName,
  architecture: Architecture,
  outDir: string,
  bundle: readonly ZipEntry[],
  packages: readonly PackageRef[],
): Promise<string> {
  const zipPath = zipPathFor(outDir, name, architecture);
  const stampPath = `${zipPath}.inputs`;
  const stamp = inputsHash(architecture, bundle, packages);
  // Same bundle, same package versions, same layout: the zip already on disk is byte-identical.
  if (existsSync(zipPath) && existsSync(stampPath) && (await readFile(stampPath, 'utf8')) === stamp) return zipPath;

  const entries = [...bundle];
  const tarballs = await fetchPackages(packages, packCacheDir);
  for (const [i, ref] of packages.entries()) entries.push(...(await packageEntries(tarballs[i]!, ref.name)));
  await writeReproducibleZip(entries, zipPath);
  await writeFile(stampPath, stamp);
  return zipPath;
}

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
  // Fetch every tarball any zip needs up front, in one npm call.
  const needed = names.some((name) => needsSharp[name]) ? [...packagesByArch.values()].flat() : [];
  await fetchPackages([...new Map(needed.map((ref) => [`${ref.name}@${ref.version}`, ref])).values()], packCacheDir);

  // All zips at once: their deflating runs on libuv's thread pool, so they share the cores.
  const built = await Promise.all(
    architectures.flatMap((architecture) =>
      names.map(async (name) => {
        const packages = needsSharp[name] ? packagesByArch.get(architecture)! : [];
        return { architecture, name, zip: await packageOne(name, architecture, outDir, bundles.get(name)!, packages) };
      }),
    ),
  );
  const result: Partial<Record<Architecture, PackagedFunctions>> = {};
  for (const { architecture, name, zip } of built) result[architecture] = { ...result[architecture], [name]: zip } as PackagedFunctions;
  return result;
}

/** `packageForArchitectures` for one architecture. */
export async function packageFunctions(options: PackageOptions): Promise<PackagedFunctions> {
  const { architecture, ...rest } = options;
  const zips = await packageForArchitectures([architecture], rest);
  return zips[architecture]!;
}
