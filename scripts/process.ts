/**
 * Runs the processing core on image files or directories and writes every variant under --out at
 * its output key. `npm run process -- <image|dir>... --out <dir> [--preset <name>] [--concurrency <n>]`
 *
 * Without --preset the processing of pipeline.config.ts is used; limits always come from it.
 * Directories are walked: files that are not images by their bytes are skipped and counted, and
 * nested folders fill `{dir}`. Several images are processed at once, one progress line each.
 * `npm run process` starts it through process/launch.mjs (a bundle, not compiled on every run).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isPresetName, presetNames, resolvePipelineConfig, resolveProcessingSpec, type ResolvedProcessingSpec } from '../config/index.js';
import { ImageProcessingError, processImage } from '../functions/core/index.js';
import { pipelineConfig } from '../pipeline.config.js';
import { expandInputs, type InputFile } from './process/inputs.js';
import { defaultConcurrency, forEachAtMost } from './process/pool.js';
import { plural } from './report/plural.js';

const usage = `usage: npm run process -- <image|dir>... --out <dir> [--preset <name>] [--concurrency <n>]
presets: ${presetNames.join(', ')} (default: the processing in pipeline.config.ts)
concurrency (or --jobs): images processed at once (default: the CPU count, ${os.availableParallelism()} here, fewer if memory is short)`;

export interface Output {
  log(line: string): void;
  error(line: string): void;
}

function specFor(preset: string | undefined): ResolvedProcessingSpec {
  const config = resolvePipelineConfig(pipelineConfig);
  if (preset === undefined) return config.processing;
  if (!isPresetName(preset)) throw new Error(`unknown preset ${JSON.stringify(preset)}; known: ${presetNames.join(', ')}`);
  return resolveProcessingSpec(preset, config.processing, '--preset');
}

function concurrencyFrom(option: string, value: string | undefined, spec: ResolvedProcessingSpec): number {
  if (value === undefined) return defaultConcurrency(spec.maxInputPixels);
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--${option} must be a whole number from 1, not ${JSON.stringify(value)}`);
  return jobs;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** What processing one file gave: its outputs' count and bytes, or why it failed. */
type FileResult = { readonly ok: true; readonly outputs: number; readonly bytes: number } | { readonly ok: false; readonly reason: string };

async function processFile(input: InputFile, spec: ResolvedProcessingSpec, outDir: string): Promise<FileResult> {
  try {
    const result = await processImage(await readFile(input.file), { sourceKey: input.key, spec, triggerPrefix: '', outputPrefix: '' });
    // Written at once: the outputs of one image are independent files.
    await Promise.all(
      result.outputs.map(async (output) => {
        const target = path.join(outDir, ...output.key.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, output.body);
      }),
    );
    return { ok: true, outputs: result.outputs.length, bytes: result.outputs.reduce((sum, output) => sum + output.body.length, 0) };
  } catch (error) {
    if (error instanceof ImageProcessingError) return { ok: false, reason: `${error.code}: ${error.message}` };
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: `${input.key}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The CLI without process globals; returns the exit code: 0 every image processed, 1 an input or
 * an image failed (a missing file, a directory without images, a broken image) or there was no
 * image at all, 2 a usage error.
 */
export async function runProcessCli(argv: readonly string[], out: Output = console): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        preset: { type: 'string', short: 'p' },
        concurrency: { type: 'string', short: 'c' },
        jobs: { type: 'string', short: 'j' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (args.values.help === true) {
    out.log(usage);
    return 0;
  }
  const outDir = args.values.out;
  if (outDir === undefined || args.positionals.length === 0) {
    out.error(usage);
    return 2;
  }
  let spec: ResolvedProcessingSpec;
  let jobs: number;
  try {
    spec = specFor(args.values.preset);
    jobs = args.values.concurrency !== undefined ? concurrencyFrom('concurrency', args.values.concurrency, spec) : concurrencyFrom('jobs', args.values.jobs, spec);
  } catch (error) {
    out.error(error instanceof Error ? error.message : String(error));
    return 2;
  }

  const { files, skipped, problems } = await expandInputs(args.positionals);
  for (const problem of problems) out.error(`failed ${problem.input}: ${problem.reason}`);
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 5);
    const what = skipped.length === 1 ? 'file that is not an image (by its bytes)' : 'files that are not images (by their bytes)';
    out.log(`skipped ${skipped.length} ${what}: ${shown.join(', ')}${skipped.length > shown.length ? ', ...' : ''}`);
  }
  if (files.length === 0) {
    out.error('no image to process');
    return 1;
  }

  const started = performance.now();
  const width = String(files.length).length;
  let done = 0;
  let failed = 0;
  let outputs = 0;
  let bytes = 0;
  await forEachAtMost(files, jobs, async (input) => {
    const fileStarted = performance.now();
    const result = await processFile(input, spec, outDir);
    const progress = `[${String(++done).padStart(width)}/${files.length}]`;
    if (result.ok) {
      outputs += result.outputs;
      bytes += result.bytes;
      out.log(`${progress} ${input.key}: ${plural(result.outputs, 'output')}, ${kib(result.bytes)}, ${(performance.now() - fileStarted).toFixed(0)} ms`);
    } else {
      failed++;
      out.error(`${progress} failed ${result.reason}`);
    }
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const inputsFailed = problems.length > 0 ? `, ${plural(problems.length, 'input')} failed` : '';
  out.log(
    `${files.length - failed} of ${plural(files.length, 'image')} processed, ${failed} failed${inputsFailed}; ${plural(outputs, 'output')}, ${kib(bytes)}, in ${seconds} s (${jobs} at once) under ${outDir}`,
  );
  return failed > 0 || problems.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runProcessCli(process.argv.slice(2));
}
