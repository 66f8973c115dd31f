/**
 * Issue 12's figures side by side, each judged against its target: per preset, CPU and wall time per
 * photo of the core, of a decode-once sharp reference and of the seed's Pillow code; `npm run
 * process` against the seed's Pillow code over the whole corpus (whole processes, start-up
 * included) and its start-up alone; the process zip's init in a fresh `node`. A shared machine
 * makes any one run unreliable, so every figure is the median of several runs, interleaved (one of
 * each, then again) so that a busy spell slows all alike. Prints figures, asserts nothing.
 */
import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { PresetName, ResolvedProcessingSpec } from '../../config/index.js';
import { processFunctionEnvironment } from '../../config/function-env.js';
import { failOn } from '../../functions/core/decode.js';
import { processImage } from '../../functions/core/index.js';
import { goldenSpec } from '../golden/corpus.js';
import { packageFunctions } from '../packaging/index.js';
import { workerJob } from './child.js';
import { encodeEveryOutput } from './every-output.js';
import { benchPhotos } from './photos.js';
import { pillow, pillowPasses, pillowSeedScript, pillowVariants, python, type PassFigures } from './pillow.js';
import { benchTable } from './table.js';
import { checkTarget } from './targets.js';
import type { BenchPart } from './types.js';
import { median } from './stats.js';

const execFile = promisify(execFileCallback);
const thisFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** Interleaved rounds per figure; each round is a fresh process making `passes` passes. */
const rounds = 5;
const passes = 2;
const presets: readonly PresetName[] = ['seed-multi', 'default'];

type Mode = 'core' | 'reference';
interface WorkerJob {
  readonly mode: Mode;
  readonly preset: PresetName;
  readonly files: readonly string[];
}

const fixed = (n: number, digits = 1): string => n.toFixed(digits);
const times = (n: number): string => `${fixed(n, 2)}x`;
const ms = (n: number): string => `${fixed(n, 0)} ms`;

// ---------------------------------------------------------------- the two sharp pipelines (child side)

async function runCore(input: Buffer, spec: ResolvedProcessingSpec): Promise<number> {
  const result = await processImage(input, { sourceKey: 'images/bench.jpg', triggerPrefix: 'images/', outputPrefix: '', spec });
  return result.outputs.reduce((sum, o) => sum + o.body.length, 0);
}

/**
 * Decode once, derive every output: the full image decoded (oriented, sRGB) to raw pixels, each
 * variant resized from them by sharp and encoded with the core's encoder settings. What the core
 * did before issue 12, without its shrink-on-load.
 */
async function runReference(input: Buffer, spec: ResolvedProcessingSpec): Promise<number> {
  const { data, info } = await sharp(input, { failOn, autoOrient: true, limitInputPixels: spec.maxInputPixels }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  return encodeEveryOutput(spec, () => sharp(data, { raw }));
}

async function runWorker(job: WorkerJob): Promise<void> {
  const spec = goldenSpec(job.preset);
  const inputs = await Promise.all(job.files.map((f) => readFile(f)));
  const pipeline = job.mode === 'core' ? runCore : runReference;
  await pipeline(inputs[0]!, spec);
  for (let pass = 0; pass < passes; pass++) {
    let outputBytes = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const input of inputs) outputBytes += await pipeline(input, spec);
    const used = process.cpuUsage(cpu);
    const figures: PassFigures = { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started, outputBytes };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
}

async function sharpPasses(job: WorkerJob): Promise<PassFigures[]> {
  const { stdout } = await execFile(process.execPath, ['--import', 'tsx', thisFile, '--worker', JSON.stringify(job)], { cwd: repoRoot, maxBuffer: 1024 * 1024, timeout: 600_000 });
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as PassFigures);
}

// ---------------------------------------------------------------- per image, per preset

interface Compared {
  readonly core: PassFigures[];
  readonly reference: PassFigures[];
  readonly pillow: PassFigures[];
}

async function comparePreset(preset: PresetName, files: readonly string[], withPillow: boolean): Promise<Compared> {
  const spec = goldenSpec(preset);
  const all: Compared = { core: [], reference: [], pillow: [] };
  for (let round = 0; round < rounds; round++) {
    all.core.push(...(await sharpPasses({ mode: 'core', preset, files })));
    all.reference.push(...(await sharpPasses({ mode: 'reference', preset, files })));
    if (withPillow) all.pillow.push(...(await pillowPasses(spec, files, passes)));
  }
  return all;
}

// ---------------------------------------------------------------- npm run process, whole processes

/** Wall milliseconds of a whole process, median of `rounds` runs of each command, interleaved. */
async function wholeProcesses(commands: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const walls: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(commands)) {
      const started = performance.now();
      await run();
      walls[name]!.push(performance.now() - started);
    }
  }
  return Object.fromEntries(Object.entries(walls).map(([k, v]) => [k, median(v)]));
}

/** Milliseconds from spawning `node <args>` to its exit, median of 5 (after one warm-up). */
function spawnMedian(args: readonly string[], cwd = repoRoot): number {
  const run = (): number => {
    const started = performance.now();
    execFileSync(process.execPath, args, { cwd, stdio: 'ignore' });
    return performance.now() - started;
  };
  run();
  return median(Array.from({ length: 5 }, run));
}

async function processCliFigures(files: readonly string[], withPillow: boolean): Promise<void> {
  const launcher = path.join(repoRoot, 'scripts', 'process', 'launch.mjs');
  const dir = path.dirname(files[0]!);
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-speed-cli-'));
  try {
    const spec = goldenSpec('seed-multi');
    // `--help` parses the configuration and loads the bundle and sharp: everything before the first image.
    const startUp = spawnMedian([launcher, '--help']);
    const commands: Record<string, () => Promise<unknown>> = {
      cli: () => execFile(process.execPath, [launcher, dir, '--out', out, '--preset', 'seed-multi'], { cwd: repoRoot, timeout: 600_000 }),
    };
    // passes 0: one pass, no warm-up, as a user's run would be.
    if (withPillow) commands.pillow = () => python(['-c', pillowSeedScript, '0', pillowVariants(spec), ...files]);
    const walls = await wholeProcesses(commands);
    const table = benchTable(['npm run process, seed-multi, whole process', 'wall', 'target']);
    const startTarget = checkTarget('npm run process start-up (node launch.mjs --help, bundle built)', startUp, { below: 200 }, ms);
    table.push([`start-up: node scripts/process/launch.mjs --help (median of 5)`, ms(startUp), startTarget.cell]);
    table.push([`${files.length} photos, --concurrency default (${os.availableParallelism()} CPUs)`, ms(walls.cli!), '']);
    if (walls.pillow !== undefined) {
      const speedUp = walls.pillow / walls.cli!;
      table.push([`the seed's Pillow code, same photos and outputs, one process`, ms(walls.pillow), '']);
      table.push(['npm run process speed-up over it', times(speedUp), checkTarget('npm run process wall time over the seed\'s Pillow code (seed-multi, corpus)', speedUp, { atLeast: 2.5 }, times).cell]);
    }
    console.log(table.toString());
    console.log(`(npm itself adds its own start: \`npm run process -- --help\` took ${ms(spawnNpmHelp())})`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function spawnNpmHelp(): number {
  const started = performance.now();
  execFileSync('npm', ['run', '-s', 'process', '--', '--help'], { cwd: repoRoot, stdio: 'ignore' });
  return performance.now() - started;
}

// ---------------------------------------------------------------- the Lambda zip's init

/** Milliseconds to import the unzipped process handler (sharp loaded) in a fresh node, median of 5. */
async function lambdaInit(): Promise<number> {
  const architecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';
  const zips = await packageFunctions({ architecture, functions: ['process'] });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-speed-zip-'));
  try {
    execFileSync('unzip', ['-q', zips.process, '-d', dir]);
    const script = "const t = performance.now(); await import('./index.mjs'); console.log(performance.now() - t);";
    // The environment the Terraform gives the function (its handler reads it at import).
    const functionEnv = processFunctionEnvironment({ outputBucket: 'bench-outputs', outputPrefix: '', triggerPrefix: 'images/', processing: goldenSpec('default') }, 'bench');
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', ...functionEnv };
    const once = (): number => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', env }).trim().split('\n').at(-1));
    once();
    return median(Array.from({ length: 5 }, once));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

async function run(): Promise<void> {
  const { origin, files } = await benchPhotos();
  const version = await pillow();
  console.log(`${files.length} ${origin}; medians of ${rounds} interleaved rounds x ${passes} passes, each round a fresh process; CPU = user + system of all threads`);
  console.log(`node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, sharp.concurrency() ${sharp.concurrency()}, ${os.availableParallelism()} CPUs, load average ${os.loadavg().map((n) => fixed(n, 1)).join(' ')}; Pillow ${version ?? 'unavailable'}`);

  const perImage = (figures: readonly PassFigures[], key: 'cpuMs' | 'wallMs'): number => median(figures.map((f) => f[key])) / files.length;
  const table = benchTable(['preset', 'figure (ms per photo)', 'core', 'decode-once sharp', "seed's Pillow code", "Pillow / core", 'target', 'output KiB/photo: core, Pillow']);
  for (const preset of presets) {
    const compared = await comparePreset(preset, files, version !== undefined);
    for (const key of ['cpuMs', 'wallMs'] as const) {
      const core = perImage(compared.core, key);
      const pillowMs = compared.pillow.length > 0 ? perImage(compared.pillow, key) : NaN;
      const ratio = pillowMs / core;
      const goal = preset === 'seed-multi' ? 2 : 1;
      const target = key === 'cpuMs' && !Number.isNaN(ratio) ? checkTarget(`${preset} CPU time per photo, the seed's Pillow code over the core`, ratio, { atLeast: goal }, times).cell : '';
      const kib = (f: readonly PassFigures[]): string => (f.length > 0 ? fixed(median(f.map((p) => p.outputBytes)) / 1024 / files.length, 0) : '-');
      table.push([preset, key === 'cpuMs' ? 'CPU' : 'wall', fixed(core), fixed(perImage(compared.reference, key)), Number.isNaN(pillowMs) ? '-' : fixed(pillowMs), Number.isNaN(ratio) ? '-' : times(ratio), target, key === 'cpuMs' ? `${kib(compared.core)}, ${kib(compared.pillow)}` : '']);
    }
  }
  console.log(table.toString());

  await processCliFigures(files, version !== undefined);
  const init = await lambdaInit();
  console.log(`process zip init, fresh node (import index.mjs, sharp loaded), median of 5: ${ms(init)} (${checkTarget('process zip init in a fresh node', init, { atMost: 150 }, ms).mark})`);
  console.log('(peak RSS on a 24 MP JPEG: the processing part; upload-to-last-output p50: the local part)');
}

export const speedBench: BenchPart = {
  name: 'speed',
  description: "issue 12: the core vs a decode-once sharp reference vs the seed's Pillow code per preset (CPU, wall), npm run process vs Pillow, start-up, Lambda init",
  run,
};

const job = workerJob<WorkerJob>(import.meta.url);
if (job !== undefined) await runWorker(job);
