/**
 * Local kit bench: emulator ready time (startKit to applied and listening, synthesis excluded),
 * then upload-to-last-output latency and throughput through the embedded flow (HTTP API, upload
 * function, S3 notification, queue, process function) against the processing core alone on the
 * same 2-megapixel image; then the same latency through the direct and eventbridge example stacks
 * against the core with each stack's own processing spec. Prints figures and the targets; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { processImage } from '../../functions/core/index.js';
import type { ResolvedProcessingSpec } from '../../config/index.js';
import { startKit, type Kit } from '../kit/start-kit.js';
import { ensureSynth } from '../kit/terraform/ensure-synth.js';
import { processingSpecOf } from '../kit/terraform/pipeline-resources.js';
import { benchTable } from './table.js';
import { checkTarget } from './targets.js';
import type { BenchPart } from './types.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const readyRuns = 5;
const latencyUploads = 30;
const throughputUploads = 40;
/** Sequential uploads per other trigger (direct, eventbridge). */
const triggerUploads = 20;
/** The example stacks of the other triggers, measured like the queue flow's latency. */
const triggerStacks = [
  { stack: 'direct', flow: 'direct (S3 invokes the function asynchronously)' },
  { stack: 'state-machine', flow: 'eventbridge (S3 -> EventBridge rule -> Step Functions Task)' },
] as const;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** A 2-megapixel JPEG (1633x1225) made from the largest fixture photo. */
async function twoMegapixelJpeg(): Promise<Buffer> {
  const source = await readFile(path.join(repoRoot, 'fixtures', 'images', 'photo-4000x3000.jpg'));
  return sharp(source).resize(1633, 1225).jpeg({ quality: 85 }).toBuffer();
}

/**
 * A fresh Node process: milliseconds from importing the kit to startKit resolving, and from the
 * process start (Node boot and the tsx loader included).
 */
function measureColdReady(): { importAndStart: number; sinceProcessStart: number } {
  const script = `
    const t0 = performance.now();
    const { startKit } = await import(${JSON.stringify(path.join(repoRoot, 'scripts/kit/start-kit.ts'))});
    const kit = await startKit({ stack: 'dev', repoRoot: ${JSON.stringify(repoRoot)}, prewarm: false });
    const t1 = performance.now();
    await kit.stop();
    console.log(JSON.stringify({ importAndStart: t1 - t0, sinceProcessStart: t1 }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--no-warnings', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { importAndStart: number; sinceProcessStart: number };
}

async function measureReady(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < readyRuns; i++) {
    const started = performance.now();
    const kit = await startKit({ stack: 'dev', repoRoot, prewarm: false });
    times.push(performance.now() - started);
    await kit.stop();
  }
  return times;
}

function coreAlone(image: Buffer, spec: ResolvedProcessingSpec, runs: number): Promise<number[]> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await processImage(image, { sourceKey: `images/bench-${i}.jpg`, spec, triggerPrefix: 'images/', outputPrefix: '' });
      times.push(performance.now() - started);
    }
    return times;
  })();
}

/** The hops of one upload through the flow, in order: what ends each one, as the kit's own events show it. */
const hops = [
  ['api: request read, proxy event built, upload function invoked', 'uploadInvoked'],
  ['upload sandbox: IPC, handler, PutObject stored', 'uploadStored'],
  ['S3 notification and mapping: SendMessage, long poll returns, process function invoked', 'processInvoked'],
  ['process sandbox: IPC, GetObject, core, first PutObject stored', 'firstOutput'],
  ['process sandbox: the other PutObjects stored', 'lastOutput'],
] as const;
type HopMark = (typeof hops)[number][1];

/**
 * Timestamps (performance.now) of one sequential upload's hops, from the kit's events: the
 * runner's invocations (API, mapping) and the emulator's object events.
 */
function watchHops(kit: Kit): { begin(): Partial<Record<HopMark, number>> } {
  let marks: Partial<Record<HopMark, number>> = {};
  let outputs = 0;
  const mark = (name: HopMark): void => void (marks[name] ??= performance.now());
  kit.runner.on('invocationStart', ({ trigger }) => mark(trigger === 'api' ? 'uploadInvoked' : 'processInvoked'));
  kit.emulator.events.on('object', (event) => {
    if (!event.eventName.startsWith('ObjectCreated')) return;
    if (marks.processInvoked === undefined) return mark('uploadStored');
    outputs++;
    if (outputs === 1) mark('firstOutput');
    marks.lastOutput = performance.now();
  });
  return {
    begin: () => {
      marks = {};
      outputs = 0;
      return marks;
    },
  };
}

/** Milliseconds from POST to the last output written, for one upload. */
async function uploadAndWait(kit: Kit, image: Buffer, lastWrite: Map<string, number>, waiters: Map<string, () => void>, name: string): Promise<number> {
  const started = Date.now();
  const reply = await fetch(kit.uploadUrl!, { method: 'POST', body: image, headers: { 'Content-Type': 'image/jpeg', 'x-api-key': kit.apiKey!, 'X-Filename': name } });
  const { outputs } = (await reply.json()) as { outputs: string[] };
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (outputs.every((k) => lastWrite.has(k))) {
        waiters.delete(name);
        resolve();
      }
    };
    waiters.set(name, check);
    check();
  });
  return Math.max(...outputs.map((k) => lastWrite.get(k)!)) - started;
}

/** Watches a kit's object writes: the last write time per key, and waiters woken by each. */
function watchWrites(kit: Kit): { lastWrite: Map<string, number>; waiters: Map<string, () => void> } {
  const lastWrite = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  kit.emulator.events.on('object', (event) => {
    if (!event.eventName.startsWith('ObjectCreated')) return;
    lastWrite.set(event.key, event.time.getTime());
    for (const check of [...waiters.values()]) check();
  });
  return { lastWrite, waiters };
}

/**
 * Upload -> last output latency (p50 of sequential uploads, warm sandboxes) of another trigger's
 * example stack, against the core alone on the same image with that stack's processing spec.
 */
async function measureTriggerFlow(stack: string, image: Buffer): Promise<{ latencies: number[]; core: number[]; outputs: number }> {
  ensureSynth(repoRoot, stack, { quiet: true });
  const kit = await startKit({ stack, repoRoot, faultLog: 'silent' });
  try {
    const spec = processingSpecOf(kit.plan.functions.find((f) => f.pipelineFunction === 'process')!);
    const { lastWrite, waiters } = watchWrites(kit);
    await Promise.all(Array.from({ length: 2 }, (_, i) => uploadAndWait(kit, image, lastWrite, waiters, `warm-${i}.jpg`)));
    // Interleaved, one core run then one upload: a busy machine slows both alike.
    const latencies: number[] = [];
    const core: number[] = [];
    for (let i = 0; i < triggerUploads; i++) {
      core.push(...(await coreAlone(image, spec, 1)));
      latencies.push(await uploadAndWait(kit, image, lastWrite, waiters, `${stack}-${i}.jpg`));
    }
    return { latencies, core, outputs: spec.variants.length };
  } finally {
    await kit.stop();
  }
}

/** The direct and eventbridge flows' figures, with the queue flow's 1.3x overhead target. */
async function triggerFlowsTable(image: Buffer): Promise<string> {
  const times = (n: number): string => `${n.toFixed(2)}x`;
  const table = benchTable(['flow (example stack), 2 MP JPEG', 'upload -> last output', 'core alone, same spec', 'overhead (p50 / p50)', 'target', 'p50 difference']);
  for (const { stack, flow } of triggerStacks) {
    const { latencies, core, outputs } = await measureTriggerFlow(stack, image);
    const overhead = percentile(latencies, 50) / percentile(core, 50);
    const target = checkTarget(`latency overhead of the ${stack} flow over the core alone (p50)`, overhead, { atMost: 1.3 }, times);
    table.push([`${flow}: ${stack}`, `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`, `p50 ${ms(percentile(core, 50))} (${outputs} variant${outputs === 1 ? '' : 's'})`, times(overhead), target.cell, ms(percentile(latencies, 50) - percentile(core, 50))]);
  }
  return table.toString();
}

async function run(): Promise<void> {
  ensureSynth(repoRoot, 'dev', { quiet: true });
  const image = await twoMegapixelJpeg();

  const cold = measureColdReady();
  const ready = await measureReady();

  const kit = await startKit({ stack: 'dev', repoRoot });
  const spec = processingSpecOf(kit.plan.functions.find((f) => f.pipelineFunction === 'process')!);
  const { lastWrite, waiters } = watchWrites(kit);
  try {
    // Warm every sandbox first, as a warm Lambda would be.
    await Promise.all(Array.from({ length: 4 }, (_, i) => uploadAndWait(kit, image, lastWrite, waiters, `warm-${i}.jpg`)));

    const core = await coreAlone(image, spec, latencyUploads);
    const latencies: number[] = [];
    const hopTimes = new Map<HopMark, number[]>(hops.map(([, name]) => [name, []]));
    const watcher = watchHops(kit);
    for (let i = 0; i < latencyUploads; i++) {
      const posted = performance.now();
      const marks = watcher.begin();
      latencies.push(await uploadAndWait(kit, image, lastWrite, waiters, `latency-${i}.jpg`));
      let previous = posted;
      for (const [, name] of hops) {
        const at = marks[name];
        if (at === undefined) break;
        hopTimes.get(name)!.push(at - previous);
        previous = at;
      }
    }

    const coreThroughputStarted = performance.now();
    await coreAlone(image, spec, throughputUploads);
    const coreRate = throughputUploads / ((performance.now() - coreThroughputStarted) / 1000);
    const flowStarted = performance.now();
    await Promise.all(Array.from({ length: throughputUploads }, (_, i) => uploadAndWait(kit, image, lastWrite, waiters, `rate-${i}.jpg`)));
    const flowRate = throughputUploads / ((performance.now() - flowStarted) / 1000);

    const latencyP50 = percentile(latencies, 50);
    const overhead = latencyP50 / percentile(core, 50);
    const ratio = coreRate / flowRate;
    const times = (n: number): string => `${n.toFixed(2)}x`;
    const targets = {
      ready: checkTarget('emulator ready in a fresh process (import + startKit)', cold.importAndStart, { below: 1000 }, ms),
      latency: checkTarget('upload -> last output, p50 of sequential uploads', latencyP50, { atMost: 100 }, ms),
      overhead: checkTarget('latency overhead of the flow over the core alone (p50)', overhead, { atMost: 1.3 }, times),
      throughput: checkTarget('throughput of the core alone over the embedded flow', ratio, { atMost: 1.3 }, times),
    };
    const table = benchTable(['measure', 'value', 'target']);
    table.push(
      ['emulator ready, fresh process: import + startKit (no synth)', ms(cold.importAndStart), targets.ready.cell],
      ['emulator ready, fresh process: from process start', ms(cold.sinceProcessStart), ''],
      ['emulator ready, modules loaded: startKit again', `p50 ${ms(percentile(ready, 50))}, max ${ms(Math.max(...ready))} over ${readyRuns}`, ''],
      [`core alone, 2 MP JPEG -> ${spec.variants.length * 2} outputs`, `p50 ${ms(percentile(core, 50))}, p95 ${ms(percentile(core, 95))}`, ''],
      ['upload -> last output (sequential uploads)', `p50 ${ms(latencyP50)}, p95 ${ms(percentile(latencies, 95))}`, `p50 ${targets.latency.cell}`],
      ['latency overhead (flow p50 / core p50)', times(overhead), targets.overhead.cell],
      ['throughput, core alone (one process, sequential)', `${coreRate.toFixed(1)} images/s`, ''],
      [`throughput, embedded flow (${throughputUploads} uploads at once, warm sandboxes)`, `${flowRate.toFixed(1)} images/s`, ''],
      ['throughput ratio (core alone / flow)', times(ratio), targets.throughput.cell],
    );
    console.log(table.toString());

    const hopTable = benchTable(['hop of one upload (sequential uploads, ends at the kit event named)', 'p50', 'p95']);
    const fine = (value: number): string => `${value.toFixed(1)} ms`;
    for (const [label, name] of hops) hopTable.push([label, fine(percentile(hopTimes.get(name)!, 50)), fine(percentile(hopTimes.get(name)!, 95))]);
    hopTable.push(['(the core alone, inside the process sandbox hop)', fine(percentile(core, 50)), fine(percentile(core, 95))]);
    console.log(hopTable.toString());
  } finally {
    await kit.stop();
  }
  console.log(await triggerFlowsTable(image));
}

export const localBench: BenchPart = {
  name: 'local',
  description: 'embedded kit: ready time, upload-to-output latency and throughput vs the core alone (2 MP JPEG); the direct and eventbridge flows\' latency vs the core',
  run,
};
