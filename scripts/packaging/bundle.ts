import { join } from 'node:path';
import { build } from 'esbuild';
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
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${name}: ${result.errors.map((e) => e.text).join('; ')}`);
  return result.outputFiles.map((file) => ({ path: file.path.endsWith('.map') ? 'index.mjs.map' : 'index.mjs', data: Buffer.from(file.contents) }));
}
