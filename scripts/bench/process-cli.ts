/**
 * `npm run process` bench: the corpus photos through the CLI with 1, 2, the CPU count and twice
 * the CPU count images at once (sharp gives each image libvips threads of its own, so images at
 * once and threads per image compete for the same CPUs). Each run in a fresh child process, best
 * of `runs`; wall time, CPU time and peak RSS. No target: it shows whether the default (the CPU
 * count) is a good choice on this machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { runProcessCli } from '../process.js';
import { defaultConcurrency } from '../process/pool.js';
import { goldenSpec } from '../golden/corpus.js';
import { runWorkerInChild, workerJob } from './child.js';
import { benchPhotos } from './photos.js';
import { benchTable } from './table.js';
import type { BenchPart } from './types.js';

const thisFile = fileURLToPath(import.meta.url);
const runs = 3;

interface Job {
  readonly dir: string;
  readonly jobs: number;
}

interface Measured {
  readonly exitCode: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

/** Child side: the CLI once over the directory, silent, into a scratch directory. */
async function runJob(job: Job): Promise<void> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-process-cli-'));
  const quiet = { log: () => {}, error: () => {} };
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const exitCode = await runProcessCli([job.dir, '--out', out, '--jobs', String(job.jobs)], quiet);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const result: Measured = { exitCode, ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function best(job: Job): Promise<Measured> {
  let fastest: Measured | undefined;
  for (let i = 0; i < runs; i++) {
    const m = await runWorkerInChild<Measured>(thisFile, job);
    if (m.exitCode !== 0) throw new Error(`npm run process failed (exit ${m.exitCode}) with --jobs ${job.jobs}`);
    if (fastest === undefined || m.ms < fastest.ms) fastest = m;
  }
  return fastest!;
}

async function run(): Promise<void> {
  const { origin, files } = await benchPhotos();
  const dir = path.dirname(files[0]!);
  const cpus = defaultConcurrency(goldenSpec('default').maxInputPixels);
  const counts = [...new Set([1, 2, cpus, 2 * cpus])].sort((a, b) => a - b);
  console.log(`${files.length} ${origin}, default preset; ${cpus} CPUs, sharp.concurrency() ${sharp.concurrency()} libvips threads per image, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}; best of ${runs} runs, each in a fresh process`);

  const results = new Map<number, Measured>();
  for (const jobs of counts) results.set(jobs, await best({ dir, jobs }));
  const one = results.get(1)!;
  const fastest = Math.min(...[...results.values()].map((m) => m.ms));
  const table = benchTable(['images at once', 'wall s', 'images/s', 'speed-up vs 1', 'CPU s', 'peak RSS']);
  for (const [jobs, m] of results) {
    table.push([`${jobs}${jobs === cpus ? ' (default)' : ''}`, (m.ms / 1000).toFixed(2), (files.length / (m.ms / 1000)).toFixed(2), `${(one.ms / m.ms).toFixed(2)}x`, (m.cpuMs / 1000).toFixed(2), `${m.maxRssMb.toFixed(0)} MB`]);
  }
  console.log(table.toString());
  const [fastestJobs] = [...results].find(([, m]) => m.ms === fastest)!;
  console.log(`fastest: ${fastestJobs} at once; the default (${cpus} at once) takes ${(results.get(cpus)!.ms / fastest).toFixed(2)}x its time`);
}

export const processCliBench: BenchPart = {
  name: 'process-cli',
  description: 'npm run process over the photo corpus with 1, 2, N and 2N images at once (N = CPUs)',
  run,
};

const job = workerJob<Job>(import.meta.url);
if (job !== undefined) await runJob(job);
