import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { FunctionName } from './types.js';
import { buildDir, repoRoot } from './paths.js';
import type { ZipEntry } from './zip.js';

/** Packages the bundle loads at run time from the zip's node_modules instead of inlining. */
export const externalPackages = ['sharp'] as const;

// ESM output; bundled CommonJS dependencies call require(), which ESM lacks.
const requireBanner = "import { createRequire as __pipelineCreateRequire } from 'node:module'; const require = __pipelineCreateRequire(import.meta.url);";

/**
 * Loads `node:http` with require() instead of an ES import. Node builds the ES-module view of a
 * built-in by reading every export, and `http`'s include getters that load undici (about 15 ms of
 * the function's init, measured here); require() hands over the exports object without reading them.
 */
const httpThroughRequire: Plugin = {
  name: 'http-through-require',
  setup(bundle) {
    bundle.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      // The shim's own require() is the real built-in.
      args.namespace === 'http-through-require' ? { path: 'node:http', external: true } : { path: 'node:http', namespace: 'http-through-require' },
    );
    bundle.onLoad({ filter: /.*/, namespace: 'http-through-require' }, () => ({ contents: 'module.exports = require("node:http");', loader: 'js' }));
  },
};

/**
 * zod's namespace object re-exports every locale it has (about 260 KB of the 1 MB bundle, parsed at
 * every cold start); the functions only ever use English, the default, so the locales barrel is
 * replaced by one that holds English alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: 'export { default as en } from "./en.js";', resolveDir: dirname(args.path), loader: 'js' }));
  },
};

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
    plugins: [httpThroughRequire, zodEnglishOnly],
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
