/**
 * `npm run package [-- --arch arm64|x86_64] [--out <dir>] [--function process|upload ...]`:
 * builds the Lambda zips and prints one line per zip (path, size, sha256).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolvePipelineConfig, type Architecture } from '../config/index.js';
import { pipelineConfig } from '../pipeline.config.js';
import { functionNames, packageFunctions, type FunctionName } from './packaging/index.js';
import { reportingConfigErrors } from './report-config-errors.js';

const { values } = parseArgs({
  options: {
    arch: { type: 'string' },
    out: { type: 'string' },
    function: { type: 'string', multiple: true },
  },
});

await reportingConfigErrors(async () => {
  // Without --arch, the configuration's architecture (resolved: the field may be left to its default).
  const architecture = (values.arch ?? resolvePipelineConfig(pipelineConfig).architecture) as Architecture;
  if (architecture !== 'arm64' && architecture !== 'x86_64') {
    console.error(`--arch must be arm64 or x86_64, got ${architecture}`);
    process.exit(2);
  }
  const unknown = (values.function ?? []).filter((name) => !(functionNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown function(s) ${unknown.join(', ')}; known: ${functionNames.join(', ')}`);
    process.exit(2);
  }

  const started = performance.now();
  const zips = await packageFunctions({
    architecture,
    ...(values.out !== undefined && { outDir: values.out }),
    ...(values.function !== undefined && { functions: values.function as FunctionName[] }),
  });
  for (const [name, path] of Object.entries(zips)) {
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    const mb = (statSync(path).size / 1024 / 1024).toFixed(2);
    console.log(`${name.padEnd(8)} ${architecture.padEnd(7)} ${mb.padStart(6)} MB  sha256 ${sha256}  ${path}`);
  }
  console.log(`packaged in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
