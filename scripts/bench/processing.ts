/**
 * Processing bench: per preset, the core against a naive sharp pipeline (one clone() per output,
 * same outputs and encoder options), each measured in its own child process so peak RSS is its
 * own; and peak RSS on a 24-megapixel JPEG. Prints figures, asserts nothing. Photos: see
 * photos.ts. The comparison with the seed's Pillow code is the `speed` part.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { presetNames, type PresetName, type ResolvedProcessingSpec } from '../../config/index.js';
import { failOn } from '../../functions/core/decode.js';
import { processImage } from '../../functions/core/index.js';
import { goldenSpec } from '../golden/corpus.js';
import { runWorkerInChild, workerJob } from './child.js';
import { encodeEveryOutput } from './every-output.js';
import { benchPhotos, photo24mp, photoDir } from './photos.js';
import { benchTable } from './table.js';
import { checkTarget } from './targets.js';
import type { BenchPart } from './types.js';

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(thisFile), '..', '..');

type Mode = 'core' | 'naive' | 'idle';

interface WorkerJob {
  readonly mode: Mode;
  readonly preset: PresetName;
  readonly files: readonly string[];
}

interface WorkerResult {
  readonly images: number;
  /** Core only: its decode share of `ms`. */
  readonly decodeMs?: number;
  /** Time of the faster of `passes` passes over all images. */
  readonly ms: number;
  /** CPU time (user + system, all threads) of that pass: what one vCPU would need. */
  readonly cpuMs?: number;
  readonly maxRssMb: number;
  /** Output bytes of one pass. */
  readonly outputBytes: number;
}

/** Passes over the photos per measurement; the fastest counts (others share these 2 CPUs). */
const passes = 2;

// ---------------------------------------------------------------- the two pipelines

async function runCore(input: Buffer, spec: ResolvedProcessingSpec): Promise<number> {
  const result = await processImage(input, { sourceKey: 'images/bench.jpg', triggerPrefix: 'images/', outputPrefix: '', spec });
  coreDecodeMs += result.timings.decodeMs;
  return result.outputs.reduce((sum, o) => sum + o.body.length, 0);
}

/** Decode time the core reported during the current pass (shrink-on-load, orient, sRGB). */
let coreDecodeMs = 0;

/** The usual sharp idiom: one input, one clone() per output, sharp's own resize options. */
async function runNaive(input: Buffer, spec: ResolvedProcessingSpec): Promise<number> {
  const source = sharp(input, { failOn, limitInputPixels: spec.maxInputPixels, autoOrient: true });
  return encodeEveryOutput(spec, () => source.clone());
}

/** Child-process side: one pipeline over the files, one warm-up image first, one JSON line out. */
async function runWorker(job: WorkerJob): Promise<void> {
  const spec = goldenSpec(job.preset);
  const inputs = await Promise.all(job.files.map((f) => readFile(f)));
  const pipeline = job.mode === 'naive' ? runNaive : runCore;
  if (job.mode !== 'idle' && inputs[0] !== undefined) await pipeline(inputs[0], spec);
  let outputBytes = 0;
  let ms = Infinity;
  let decodeMs = 0;
  let cpuMs = 0;
  for (let pass = 0; pass < passes && job.mode !== 'idle'; pass++) {
    outputBytes = 0;
    coreDecodeMs = 0;
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    for (const input of inputs) outputBytes += await pipeline(input, spec);
    const passMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    if (passMs < ms) [ms, decodeMs, cpuMs] = [passMs, coreDecodeMs, (cpu.user + cpu.system) / 1000];
  }
  const result: WorkerResult = {
    images: inputs.length,
    ms: job.mode === 'idle' ? 0 : ms,
    decodeMs,
    cpuMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    outputBytes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function inChild(job: WorkerJob, env: Record<string, string> = {}): Promise<WorkerResult> {
  return runWorkerInChild<WorkerResult>(thisFile, job, env);
}

// ---------------------------------------------------------------- report

const fixed = (n: number, digits = 1): string => n.toFixed(digits);
const perImage = (r: WorkerResult): number => r.ms / Math.max(1, r.images);

async function runProcessingBench(): Promise<void> {
  const { origin, files } = await benchPhotos();
  const megapixels = await Promise.all(files.map(async (f) => {
    const { width = 0, height = 0 } = await sharp(f).metadata();
    return (width * height) / 1e6;
  }));
  console.log(`best of ${passes} passes per figure; every figure from a fresh child process`);
  console.log(`photos: ${files.length} ${origin}, ${fixed(Math.min(...megapixels))}-${fixed(Math.max(...megapixels))} MP each, in ${path.relative(repoRoot, photoDir)}`);
  console.log(`node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${os.cpus().length} CPUs, sharp.concurrency() ${sharp.concurrency()}`);

  const idle = await inChild({ mode: 'idle', preset: 'default', files: [] });
  const table = benchTable(['preset', 'core ms/img', 'of which decode', 'core img/s', 'naive ms/img', 'core speed-up', 'core peak RSS', 'naive peak RSS']);
  for (const preset of presetNames) {
    const core = await inChild({ mode: 'core', preset, files });
    const naive = await inChild({ mode: 'naive', preset, files });
    const speedUp = perImage(naive) / perImage(core);
    const speedUpTarget = preset === 'seed-multi' ? checkTarget('seed-multi core speed-up over the naive pipeline', speedUp, { atLeast: 1.5 }, (n) => `${fixed(n, 2)}x`) : undefined;
    table.push([
      preset,
      fixed(perImage(core)),
      fixed((core.decodeMs ?? 0) / core.images),
      fixed(1000 / perImage(core), 2),
      fixed(perImage(naive)),
      `${fixed(speedUp, 2)}x${speedUpTarget ? ` (${speedUpTarget.mark})` : ''}`,
      `${fixed(core.maxRssMb, 0)} MB`,
      `${fixed(naive.maxRssMb, 0)} MB`,
    ]);
  }
  console.log(table.toString());
  console.log(`(a child that only loads node, tsx and sharp peaks at ${fixed(idle.maxRssMb, 0)} MB)`);
  // glibc gives each libvips worker thread its own malloc arena; capping them is sharp's advice.
  const arenas = await inChild({ mode: 'core', preset: 'seed-multi', files }, { MALLOC_ARENA_MAX: '2' });
  console.log(`seed-multi core with MALLOC_ARENA_MAX=2: ${fixed(perImage(arenas))} ms/img, peak RSS ${fixed(arenas.maxRssMb, 0)} MB`);

  const big = await photo24mp(files);
  const bigTable = benchTable(['6000x4000 JPEG (24 MP)', 'core ms', 'core peak RSS', 'naive ms', 'naive peak RSS']);
  const megabytes = (n: number): string => `${fixed(n, 0)} MB`;
  for (const preset of ['seed-multi', 'default'] as const) {
    const core = await inChild({ mode: 'core', preset, files: [big] });
    const naive = await inChild({ mode: 'naive', preset, files: [big] });
    const rss = checkTarget(`${preset} core peak RSS on the 24 MP JPEG`, core.maxRssMb, { atMost: 400 }, megabytes);
    bigTable.push([preset, fixed(core.ms, 0), `${megabytes(core.maxRssMb)} (${rss.mark})`, fixed(naive.ms, 0), megabytes(naive.maxRssMb)]);
  }
  console.log(bigTable.toString());

}

export const processingBench: BenchPart = {
  name: 'processing',
  description: 'processing core vs a naive sharp pipeline: speed and peak memory per preset, peak RSS on a 24 MP JPEG',
  run: runProcessingBench,
};

const job = workerJob<WorkerJob>(import.meta.url);
if (job !== undefined) await runWorker(job);
