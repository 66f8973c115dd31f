import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { FunctionName } from './types.js';
import { buildDir, repoRoot } from './paths.js';
import type { ZipEntry } from './zip.js';

/** Packages the bundle loads at run time from the zip's node_modules instead of inlining. */
export const externalPackages = ['sharp'] as const;

// ESM output; bundled CommonJS dependencies call require(), which ESM lacks.
const requireBanner = "import { createRequire as __pipelineCreateRequire } from 'node:module'; const require = __pipelineCreateRequire(import.meta.url);";

/**
 * Bundles functions/<name>/handler.ts with everything it imports (AWS SDK v3 and Powertools
 * included: the zip never relies on the runtime's SDK) into `index.mjs` plus its source map.
 */
export async function bundleFunction(name: FunctionName): Promise<ZipEntry[]> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [join('functions', name, 'handler.ts')],
    outfile: join(buildDir, 'bundle', name, 'index.mjs'),
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: [...externalPackages],
    banner: { js: requireBanner },
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${name}: ${result.errors.map((e) => e.text).join('; ')}`);
  const missing = unbundledImports(result.metafile);
  if (missing.length > 0) throw new Error(`The ${name} bundle would load ${missing.join(', ')} at run time, which the zip does not carry`);
  return result.outputFiles.map((file) => ({ path: file.path.endsWith('.map') ? 'index.mjs.map' : 'index.mjs', data: Buffer.from(file.contents) }));
}

/**
 * What a bundle would load at run time besides Node's built-ins and `externalPackages`: always
 * empty for a good bundle, since the zip's only node_modules are sharp's.
 */
export function unbundledImports(metafile: Metafile): string[] {
  const paths = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
  return [...new Set(paths)].filter((path) => !isBuiltin(path) && !(externalPackages as readonly string[]).includes(path)).sort();
}
