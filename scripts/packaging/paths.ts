import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (this file is scripts/packaging/paths.ts). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const buildDir = join(repoRoot, '.build');
/** npm tarballs of sharp and its platform packages, reused across builds. */
export const packCacheDir = join(buildDir, 'cache');
export const defaultOutDir = join(buildDir, 'dist');
