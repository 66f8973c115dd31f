/**
 * After-processing steps bench: per image on the bench photos, the process function's work for one
 * object (download, core, outputs) alone and with each after-step added: archive, metadata as an
 * object, metadata as a table item (dynalite), notify messages (fauxqs SQS). fauxqs and dynalite
 * run in this process; the function runs in a child, so its CPU time is its own. Configurations
 * are interleaved within each run and every figure is the median over the runs. Asserts nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startFauxqs } from 'fauxqs';
import type { ProcessAfterEnv } from '../../config/index.js';
import type { WorkItem } from '../../functions/events/index.js';
import { processImage } from '../../functions/core/index.js';
import { zipOne } from '../../functions/process/after/zip-one.js';
import type { ProcessDeps } from '../../functions/process/deps.js';
import { processObject } from '../../functions/process/process-object.js';
import { defaultCacheControl } from '../../functions/process/settings.js';
import { startDynalite } from '../../test/support/dynalite.js';
import { testCredentials, testRegion } from '../../test/support/emulator.js';
import { recordingLogger } from '../../test/support/logger.js';
import { goldenSpec } from '../golden/corpus.js';
import { runWorkerInChild, workerJob } from './child.js';
import { benchPhotos } from './photos.js';
import { benchTable } from './table.js';
import { checkTarget } from './targets.js';
import type { BenchPart } from './types.js';
import { median } from './stats.js';

const thisFile = fileURLToPath(import.meta.url);
const uploadsBucket = 'bench-uploads';
const outputsBucket = 'bench-outputs';
/** Runs over all photos per configuration; each figure is the median of these. */
const runs = 5;
const preset = 'default';

interface WorkerJob {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly queueUrl: string;
  readonly keys: readonly string[];
  /** The same photos as files, for timing the zip alone. */
  readonly files: readonly string[];
}

const configurations = (job: WorkerJob): Readonly<Record<string, ProcessAfterEnv | undefined>> => ({
  'processing alone': undefined,
  '+ archive': { archive: { prefix: 'zip/', suffixes: ['.jpg', '.jpeg'], keepFolders: true } },
  '+ metadata (object)': { metadata: { store: 'object', prefix: 'metadata/' } },
  '+ metadata (table, dynalite)': { metadata: { store: 'table', tableName: job.tableName } },
  '+ notify (2 subscriptions)': { notify: { queueUrl: job.queueUrl, subscriptionIds: ['orders-app', 'cms'] } },
  '+ archive + metadata (object)': { archive: { prefix: 'zip/', suffixes: ['.jpg', '.jpeg'], keepFolders: true }, metadata: { store: 'object', prefix: 'metadata/' } },
});

/** Per configuration, one entry per run: wall and CPU ms per image, and each step's own ms per image. */
interface WorkerResult {
  readonly configurations: Record<string, { wallMs: number[]; cpuMs: number[]; steps: Record<string, number[]> }>;
  /** Building the zip alone (deflate, no write), CPU ms per image, one entry per run. */
  readonly zipCpuMs: number[];
}


/** Child side: one warm-up pass per configuration, then `runs` interleaved passes. */
async function runWorker(job: WorkerJob): Promise<void> {
  const clientOptions = { region: testRegion, credentials: testCredentials };
  const s3 = new S3Client({ ...clientOptions, endpoint: job.s3Endpoint, forcePathStyle: true });
  const sqs = new SQSClient({ ...clientOptions, endpoint: job.s3Endpoint });
  const dynamodb = new DynamoDBClient({ ...clientOptions, endpoint: job.dynamoEndpoint });
  const processing = goldenSpec(preset);
  const items: WorkItem[] = job.keys.map((key) => ({ bucket: uploadsBucket, key, eventName: 'ObjectCreated:Put' }));
  const samples = new Map<string, { readonly wall: number[]; readonly cpu: number[]; readonly steps: Map<string, number[]> }>();

  const pass = async (name: string, after: ProcessAfterEnv | undefined, record: boolean): Promise<void> => {
    const logger = recordingLogger();
    const deps: ProcessDeps = {
      s3,
      sqs,
      dynamodb,
      core: { processImage },
      logger,
      settings: { outputBucket: outputsBucket, outputPrefix: '', triggerPrefix: 'images/', cacheControl: defaultCacheControl, processing, ...(after !== undefined && { after }) },
    };
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    for (const item of items) await processObject(item, deps);
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    if (!record) return;
    const entry = samples.get(name) ?? { wall: [] as number[], cpu: [] as number[], steps: new Map<string, number[]>() };
    entry.wall.push(wall / items.length);
    entry.cpu.push((cpu.user + cpu.system) / 1000 / items.length);
    // The steps' own time, from the processed log lines (summed over the pass, per image).
    const totals = new Map<string, number>();
    for (const line of logger.entries.filter((e) => e.message === 'processed')) {
      for (const [step, ms] of Object.entries(line.fields.timings as Record<string, number>)) {
        if (['archiveMs', 'metadataMs', 'notifyMs'].includes(step)) totals.set(step, (totals.get(step) ?? 0) + ms);
      }
    }
    for (const [step, ms] of totals) entry.steps.set(step, [...(entry.steps.get(step) ?? []), ms / items.length]);
    samples.set(name, entry);
  };

  const configs = Object.entries(configurations(job));
  for (const [name, after] of configs) await pass(name, after, false);
  for (let run = 0; run < runs; run++) for (const [name, after] of configs) await pass(name, after, true);

  const sources = await Promise.all(job.files.map((file) => readFile(file)));
  const zipCpuMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    for (const body of sources) await zipOne('photo.jpg', body, 'entropy-coded');
    const cpu = process.cpuUsage(cpuStart);
    zipCpuMs.push((cpu.user + cpu.system) / 1000 / sources.length);
  }
  const result: WorkerResult = { configurations: {}, zipCpuMs };
  for (const [name, entry] of samples) result.configurations[name] = { wallMs: entry.wall, cpuMs: entry.cpu, steps: Object.fromEntries(entry.steps) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const fixed = (n: number, digits = 1): string => n.toFixed(digits);
const percent = (n: number): string => `${n >= 0 ? '+' : ''}${fixed(n)}%`;

async function runAfterStepsBench(): Promise<void> {
  const { origin, files } = await benchPhotos();
  const server = await startFauxqs({ port: 0, logger: false });
  const dynalite = await startDynalite();
  try {
    server.createBucket(uploadsBucket);
    server.createBucket(outputsBucket);
    const queueUrl = server.createQueue('bench-notify').queueUrl;
    const tableName = 'bench-metadata';
    await dynalite.createMetadataTable(tableName);
    const s3 = new S3Client({ region: testRegion, credentials: testCredentials, endpoint: server.address, forcePathStyle: true });
    const keys: string[] = [];
    let sourceBytes = 0;
    for (const file of files) {
      const body = await readFile(file);
      const key = `images/bench/${path.basename(file)}`;
      await s3.send(new PutObjectCommand({ Bucket: uploadsBucket, Key: key, Body: body }));
      keys.push(key);
      sourceBytes += body.byteLength;
    }
    console.log(`photos: ${files.length} ${origin}, ${fixed(sourceBytes / files.length / 1024 / 1024, 2)} MB each on average; preset ${preset}`);
    console.log(`the function in a child process against fauxqs (S3, SQS) and dynalite in this one; median of ${runs} interleaved runs`);

    const { configurations: result, zipCpuMs } = await runWorkerInChild<WorkerResult>(thisFile, {
      s3Endpoint: server.address,
      dynamoEndpoint: dynalite.endpoint,
      tableName,
      queueUrl,
      keys,
      files,
    } satisfies WorkerJob);
    const alone = result['processing alone']!;
    // Each run compares a configuration with processing alone in the same run (interleaved), so slow
    // drift from other work on the machine cancels; the median of those per-run ratios is shown.
    const overhead = (figures: readonly number[], base: readonly number[]): number => median(figures.map((value, run) => (100 * (value - base[run]!)) / base[run]!));
    const table = benchTable(['per image', 'wall ms', 'vs alone', 'CPU ms', 'vs alone', "the step's own wall ms (share of alone)"]);
    for (const [name, figures] of Object.entries(result)) {
      const isAlone = figures === alone;
      const steps = Object.entries(figures.steps).map(([step, ms]) => `${step.replace(/Ms$/, '')} ${fixed(median(ms))} (${fixed((100 * median(ms)) / median(alone.wallMs))}%)`);
      table.push([
        name,
        fixed(median(figures.wallMs)),
        isAlone ? '' : percent(overhead(figures.wallMs, alone.wallMs)),
        fixed(median(figures.cpuMs)),
        isAlone ? '' : percent(overhead(figures.cpuMs, alone.cpuMs)),
        steps.join(', '),
      ]);
    }
    console.log(table.toString());

    // Judged in CPU time: what one vCPU (a Lambda below 1769 MB) spends; wall time here also
    // carries the other work sharing this machine's CPUs.
    const both = result['+ archive + metadata (object)']!;
    const added = overhead(both.cpuMs, alone.cpuMs);
    const verdict = checkTarget('archive + metadata (object) over processing alone, CPU per image', added, { below: 10 }, (n) => `${fixed(n)}%`);
    console.log(`archive + metadata (object) add ${percent(added)} CPU (${verdict.mark}) and ${percent(overhead(both.wallMs, alone.wallMs))} wall to processing alone`);
    console.log(`of which building the zip alone (deflate, no write): ${fixed(median(zipCpuMs))} CPU ms per image (${fixed((100 * median(zipCpuMs)) / median(alone.cpuMs))}% of processing alone)`);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: outputsBucket, Prefix: 'zip/' }));
    const zipBytes = (listed.Contents ?? []).reduce((sum, o) => sum + (o.Size ?? 0), 0);
    console.log(`zips: ${listed.KeyCount ?? 0}, ${fixed((100 * zipBytes) / sourceBytes)}% of the sources' bytes (JPEG barely deflates)`);
    s3.destroy();
  } finally {
    await dynalite.stop();
    await server.stop();
  }
}

export const afterStepsBench: BenchPart = {
  name: 'after',
  description: 'after-processing steps: processing alone vs + archive, + metadata (object, table), + notify messages, per image',
  run: runAfterStepsBench,
};

const job = workerJob<WorkerJob>(import.meta.url);
if (job !== undefined) await runWorker(job);
