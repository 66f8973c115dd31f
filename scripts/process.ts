/**
 * Runs the processing core on image files or directories and writes every variant under --out at
 * its output key. `npm run process -- <image|dir>... --out <dir> [--preset <name>]`
 *
 * Without --preset the processing of pipeline.config.ts is used; limits always come from it.
 * Files in a directory are keyed by their path below it, so nested folders fill `{dir}`.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isPresetName, presetNames, resolvePipelineConfig, resolveProcessingSpec, type ResolvedProcessingSpec } from '../config/index.js';
import { ImageProcessingError, processImage } from '../functions/core/index.js';
import { pipelineConfig } from '../pipeline.config.js';

const usage = `usage: npm run process -- <image|dir>... --out <dir> [--preset <name>]
presets: ${presetNames.join(', ')} (default: the processing in pipeline.config.ts)`;

interface Output {
  log(line: string): void;
  error(line: string): void;
}

interface InputFile {
  readonly file: string;
  /** The key the file is processed under: its path below the directory given, or its name. */
  readonly key: string;
}

async function expandInputs(inputs: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const input of inputs) {
    if ((await stat(input)).isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        const file = path.join(entry.parentPath, entry.name);
        const key = path.relative(input, file).split(path.sep).join('/');
        if (entry.isFile() && !key.split('/').some((part) => part.startsWith('.'))) files.push({ file, key });
      }
    } else {
      files.push({ file: input, key: path.basename(input) });
    }
  }
  return files.sort((a, b) => a.key.localeCompare(b.key));
}

function specFor(preset: string | undefined): ResolvedProcessingSpec {
  const config = resolvePipelineConfig(pipelineConfig);
  if (preset === undefined) return config.processing;
  if (!isPresetName(preset)) throw new Error(`unknown preset ${JSON.stringify(preset)}; known: ${presetNames.join(', ')}`);
  return resolveProcessingSpec(preset, config.processing, '--preset');
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** The CLI without process globals; returns the exit code (0 ok, 1 some input failed, 2 usage). */
export async function runProcessCli(argv: readonly string[], out: Output = console): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, preset: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } },
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
  let inputs: InputFile[];
  try {
    spec = specFor(args.values.preset);
    inputs = await expandInputs(args.positionals);
  } catch (error) {
    out.error(error instanceof Error ? error.message : String(error));
    return 2;
  }

  const started = performance.now();
  let failed = 0;
  let outputs = 0;
  let bytes = 0;
  for (const input of inputs) {
    try {
      const result = await processImage(await readFile(input.file), { sourceKey: input.key, spec, triggerPrefix: '', outputPrefix: '' });
      for (const output of result.outputs) {
        const target = path.join(outDir, ...output.key.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, output.body);
        out.log(`${output.key}  ${output.width}x${output.height}  ${output.body.length} bytes`);
        outputs++;
        bytes += output.body.length;
      }
    } catch (error) {
      failed++;
      const reason = error instanceof ImageProcessingError ? `${error.code}: ${error.message}` : `${input.key}: ${String(error)}`;
      out.error(`failed ${reason}`);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  out.log(`${inputs.length - failed} of ${inputs.length} images processed, ${failed} failed; ${outputs} outputs, ${kib(bytes)}, in ${seconds} s under ${outDir}`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runProcessCli(process.argv.slice(2));
}
