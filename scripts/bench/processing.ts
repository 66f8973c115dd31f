/**
 * Processing bench: per preset, the core against a naive sharp pipeline (one clone() per output,
 * same outputs and encoder options), each measured in its own child process so peak RSS is its
 * own; peak RSS on a 24-megapixel JPEG; and Python Pillow doing seed-multi's work. Prints figures,
 * asserts nothing. Photos: see photos.ts.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { presetNames, type PresetName, type ResolvedProcessingSpec } from '../../config/index.js';
import { failOn } from '../../functions/core/decode.js';
import { applyEncoder } from '../../functions/core/encode.js';
import { processImage } from '../../functions/core/index.js';
import { goldenSpec } from '../golden/corpus.js';
import { runWorkerInChild, workerJob } from './child.js';
import { benchPhotos, photo24mp, photoDir } from './photos.js';
import { benchTable } from './table.js';
import { checkTarget } from './targets.js';
import type { BenchPart } from './types.js';

const execFile = promisify(execFileCallback);
const thisFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(thisFile), '..', '..');
const pythonDir = path.join(repoRoot, '.build', 'bench-python');
const pillowVersion = '11.3.0';

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
  const outputs = await Promise.all(
    spec.variants.flatMap((variant) =>
      variant.formats.map((format) => {
        let pipeline = source
          .clone()
          .resize(variant.width ?? null, variant.height ?? null, { fit: variant.fit, position: 'centre', withoutEnlargement: !variant.enlarge });
        if (format === 'jpeg') pipeline = pipeline.flatten({ background: spec.background });
        return applyEncoder(pipeline, format, variant.quality).toBuffer();
      }),
    ),
  );
  return outputs.reduce((sum, o) => sum + o.length, 0);
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

// ---------------------------------------------------------------- Pillow

/**
 * Pillow doing seed-multi's work, in two ways (argv[1]):
 * - `seed`: the seeds' idiom with Pillow's defaults: decode in full (convert() loads the image, so
 *   thumbnail() can no longer use JPEG draft), a full-size copy and thumbnail per size, baseline
 *   JPEG, WebP method 4.
 * - `matched`: what the core does, in Pillow: thumbnail the largest size first on the unloaded
 *   image (JPEG draft, DCT-domain downscale, where the scale allows), derive the smaller sizes from
 *   it, and the core's encoder settings (progressive optimised JPEG, WebP method 2 = effort 2).
 */
const pillowScript = `
import io, json, resource, sys, time
from PIL import Image
SIZES = (1200, 600, 150)
def save(im, fmt, matched):
    out = io.BytesIO()
    if fmt == 'JPEG' and matched:
        im.save(out, fmt, quality=85, progressive=True, optimize=True)
    elif fmt == 'WEBP' and matched:
        im.save(out, fmt, quality=85, method=2)
    else:
        im.save(out, fmt, quality=85)
    return out.tell()
def work(path, matched):
    total = 0
    if matched:
        im = Image.open(path)
        im.thumbnail((SIZES[0], SIZES[0]))
        im = im.convert('RGB')
    else:
        im = Image.open(path).convert('RGB')
    for size in SIZES:
        thumb = im.copy()
        thumb.thumbnail((size, size))
        for fmt in ('JPEG', 'WEBP'):
            total += save(thumb, fmt, matched)
    return total
matched, passes, files = sys.argv[1] == 'matched', int(sys.argv[2]), sys.argv[3:]
work(files[0], matched)
ms = cpu = float('inf')
for _ in range(passes):
    start, cpu_start = time.perf_counter(), time.process_time()
    total = sum(work(f, matched) for f in files)
    pass_ms = (time.perf_counter() - start) * 1000
    if pass_ms < ms:
        ms, cpu = pass_ms, (time.process_time() - cpu_start) * 1000
print(json.dumps({"images": len(files), "ms": ms, "cpuMs": cpu, "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outputBytes": total}))
`;

async function python(args: readonly string[], timeout = 300_000): Promise<string> {
  const { stdout } = await execFile('python3', args, { env: { ...process.env, PYTHONPATH: pythonDir }, timeout, maxBuffer: 1024 * 1024 });
  return stdout.trim();
}

/** Pillow from .build/bench-python, installed there on first use; undefined when it cannot be. */
async function pillow(): Promise<string | undefined> {
  try {
    return await python(['-c', 'import PIL; print(PIL.__version__)']);
  } catch {
    console.log(`  installing Pillow ${pillowVersion} (for the comparison) from PyPI: python3 -m pip install --target ${path.relative(repoRoot, pythonDir)} pillow==${pillowVersion}, once`);
    try {
      await execFile('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', pythonDir, `pillow==${pillowVersion}`], { timeout: 300_000 });
      return await python(['-c', 'import PIL; print(PIL.__version__)']);
    } catch (error) {
      console.log(`  (Pillow unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      return undefined;
    }
  }
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

  const version = await pillow();
  if (version !== undefined) {
    const seed = JSON.parse(await python(['-c', pillowScript, 'seed', String(passes), ...files])) as WorkerResult;
    const matched = JSON.parse(await python(['-c', pillowScript, 'matched', String(passes), ...files])) as WorkerResult;
    const core = await inChild({ mode: 'core', preset: 'seed-multi', files });
    const cpuPerImage = (r: WorkerResult): number => (r.cpuMs ?? r.ms) / Math.max(1, r.images);
    const pilTable = benchTable(['seed-multi work', 'ms/img', 'CPU ms/img', 'peak RSS', 'output KiB/img']);
    const row = (label: string, r: WorkerResult): string[] => [
      label,
      fixed(perImage(r)),
      fixed(cpuPerImage(r)),
      `${fixed(r.maxRssMb, 0)} MB`,
      fixed(r.outputBytes / 1024 / r.images, 0),
    ];
    pilTable.push(
      row(`Pillow ${version}, seed idiom: convert RGB, copy + thumbnail 150/600/1200, JPEG + WebP (method 4) q85`, seed),
      row(`Pillow ${version}, matched: draft via thumbnail 1200, derive 600/150, progressive JPEG + WebP method 2 q85`, matched),
      row('core (seed-multi preset)', core),
    );
    console.log(pilTable.toString());
    const overPillow = checkTarget("seed-multi core speed-up over Pillow's seed idiom", perImage(seed) / perImage(core), { atLeast: 2 }, (n) => `${fixed(n, 2)}x`);
    console.log(`core is ${fixed(perImage(seed) / perImage(core), 2)}x as fast as Pillow's seed idiom (${overPillow.mark}), ${fixed(perImage(matched) / perImage(core), 2)}x as fast as matched Pillow`);
    console.log(`in CPU time (one vCPU, as a Lambda below 1769 MB has): ${fixed(cpuPerImage(seed) / cpuPerImage(core), 2)}x and ${fixed(cpuPerImage(matched) / cpuPerImage(core), 2)}x`);
  }
}

export const processingBench: BenchPart = {
  name: 'processing',
  description: 'processing core vs a naive sharp pipeline and Pillow: speed and peak memory per preset',
  run: runProcessingBench,
};

const job = workerJob<WorkerJob>(import.meta.url);
if (job !== undefined) await runWorker(job);
