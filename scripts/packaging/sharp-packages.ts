import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Architecture } from '../../config/index.js';
import { repoRoot } from './paths.js';

export interface PackageRef {
  readonly name: string;
  readonly version: string;
  /** Subresource integrity from package-lock.json, checked against the fetched tarball. */
  readonly integrity?: string;
}

interface LockFile {
  readonly packages: Record<string, { version?: string; integrity?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
}

/** Lambda's CPU names to Node's. */
const nodeArch: Record<Architecture, string> = { arm64: 'arm64', x86_64: 'x64' };

/**
 * What the process zip needs for sharp on Lambda (Linux, glibc) for `architecture`: sharp, its
 * runtime dependencies, and the prebuilt binding and libvips for that CPU. Versions and integrity
 * come from package-lock.json (the binaries for a foreign CPU are listed there too), never from
 * what happens to be installed on the build host.
 */
export async function sharpRuntimePackages(architecture: Architecture): Promise<PackageRef[]> {
  const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as LockFile;
  const entry = (name: string) => {
    const found = lock.packages[`node_modules/${name}`];
    if (found?.version === undefined) throw new Error(`package-lock.json has no entry for ${name}; run npm install`);
    return { ...found, name, version: found.version };
  };
  const ref = (name: string, expectedVersion?: string): PackageRef => {
    const found = entry(name);
    if (expectedVersion !== undefined && found.version !== expectedVersion) {
      throw new Error(`package-lock.json has ${name}@${found.version}, sharp wants ${expectedVersion}`);
    }
    return { name, version: found.version, ...(found.integrity !== undefined && { integrity: found.integrity }) };
  };

  const sharp = entry('sharp');
  const arch = nodeArch[architecture];
  const binding = `@img/sharp-linux-${arch}`;
  const libvips = `@img/sharp-libvips-linux-${arch}`;
  const optional = sharp.optionalDependencies ?? {};
  if (optional[binding] === undefined || optional[libvips] === undefined) {
    throw new Error(`sharp@${sharp.version} lists no ${binding} / ${libvips}`);
  }
  return [
    ref('sharp'),
    ...Object.keys(sharp.dependencies ?? {}).map((name) => ref(name)),
    ref(binding, optional[binding]),
    ref(libvips, optional[libvips]),
  ];
}
