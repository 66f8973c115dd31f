import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoldenResult } from '../../golden/index.js';
import { checkUploadAgainstGoldens, isFailure, presetOf } from './golden-check.js';
import { OutcomeTracker, type UploadOutcome } from './outcome-tracker.js';
import type { RunTarget } from './run-target.js';
import { uploadImage, type UploadAnswer } from './upload-image.js';

export interface ImageRun {
  /** Relative to the images folder, e.g. `photo-640x480.jpg` or `hostile/truncated.jpg`. */
  readonly file: string;
  readonly hostile: boolean;
  readonly answer: UploadAnswer;
  readonly outcome?: UploadOutcome;
  /** Milliseconds from the upload's 201 to its last output. */
  readonly ms?: number;
  readonly golden: readonly GoldenResult[];
  readonly pass: boolean;
  /** What happened, in a few words (the rejection, the dead-letter reason, the mismatch). */
  readonly note: string;
}

export interface RunUploadsOptions {
  readonly target: RunTarget;
  /** Good fixtures here, hostile ones in `hostile/` below it. */
  readonly imagesDir: string;
  /** For all uploads to reach their end. @default 180000 */
  readonly timeoutMs?: number;
  /** Uploads in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Called once with the number of images, before the first upload. */
  readonly onStart?: (total: number) => void;
  readonly onImageDone?: (run: ImageRun) => void;
}

/** Documentation and data files that sit beside the fixtures are not uploads. */
const notFixtures = /^(readme|license)|\.(md|txt|json)$/i;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.') && !notFixtures.test(e.name)).map((e) => e.name).sort();
}

/** The verdict on one image: good ones must reach matching outputs; hostile ones must be refused (4xx) or dead-lettered. */
export function judgeImage(hostile: boolean, answer: UploadAnswer, outcome: UploadOutcome | undefined, golden: readonly GoldenResult[], preset: string | undefined): { pass: boolean; note: string } {
  if (!answer.accepted) {
    const note = `rejected ${answer.status}: ${answer.message}`;
    return { pass: hostile && answer.status >= 400 && answer.status < 500, note };
  }
  if (outcome?.kind === 'undelivered') return { pass: false, note: `its notification never reached the queue: ${outcome.reason}` };
  if (!outcome || outcome.kind === 'lost') {
    const checkError = outcome?.checkError !== undefined ? ` (the last check failed: ${outcome.checkError})` : '';
    return { pass: false, note: `lost: ${outcome?.kind === 'lost' ? outcome.missing.length : '?'} outputs never appeared and nothing reached the dead-letter queue${checkError}` };
  }
  if (outcome.kind === 'dead-letter') return { pass: hostile, note: `${outcome.via === 'redrive' ? 'redriven after maxReceiveCount; from the logs: ' : ''}${outcome.reason}` };
  if (hostile) return { pass: false, note: 'a hostile file was turned into outputs' };
  if (!preset) return { pass: true, note: 'outputs written (no golden preset matches the stack processing spec)' };
  const failures = golden.filter(isFailure);
  if (failures.length > 0) return { pass: false, note: `golden mismatch: ${failures.map((f) => `${f.name} (${f.comparison?.reason ?? f.error})`).join('; ')}` };
  return { pass: true, note: `${golden.length} outputs match the ${preset} goldens` };
}

/**
 * Uploads every good fixture and every hostile one through the target's HTTP API, follows each to
 * its end (outputs, dead-letter queue or an API rejection) and diffs the outputs with the goldens.
 */
export async function runUploads(options: RunUploadsOptions): Promise<ImageRun[]> {
  const { target } = options;
  const files = [
    ...(await listFiles(options.imagesDir)).map((file) => ({ file, path: join(options.imagesDir, file), hostile: false })),
    ...(await listFiles(join(options.imagesDir, 'hostile'))).map((file) => ({ file: `hostile/${file}`, path: join(options.imagesDir, 'hostile', file), hostile: true })),
  ];
  options.onStart?.(files.length);
  const preset = presetOf(target.processing);
  const tracker = new OutcomeTracker(target, { deadlineAt: Date.now() + (options.timeoutMs ?? 180_000) });
  const runs: ImageRun[] = [];
  const followed: Promise<void>[] = [];
  const queue = [...files];
  const follow = async (next: (typeof files)[number], answer: UploadAnswer): Promise<void> => {
    const outcome = answer.accepted ? await tracker.track(answer.key, answer.outputs) : undefined;
    const golden = answer.accepted && outcome?.kind === 'outputs' && preset && !next.hostile ? await checkUploadAgainstGoldens(target, preset, next.file, answer.outputs) : [];
    const lastWrite = answer.accepted ? Math.max(...answer.outputs.map((k) => target.writeTimes?.get(`${target.outputsBucket}/${k}`) ?? 0)) : 0;
    const ms = answer.accepted && outcome?.kind === 'outputs' ? Math.max(0, (lastWrite || outcome.doneAt) - answer.at) : undefined;
    const run: ImageRun = { file: next.file, hostile: next.hostile, answer, ...(outcome ? { outcome } : {}), ...(ms !== undefined ? { ms } : {}), golden, ...judgeImage(next.hostile, answer, outcome, golden, preset) };
    runs.push(run);
    options.onImageDone?.(run);
  };
  try {
    // Uploads go out `concurrency` at a time; each is then followed to its end without holding up the next.
    await Promise.all(
      Array.from({ length: options.concurrency ?? 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          followed.push(follow(next, await uploadImage(target.uploadUrl, next.path, target.apiKey)));
        }
      }),
    );
    await Promise.all(followed);
  } finally {
    tracker.stop();
  }
  return runs.sort((a, b) => Number(a.hostile) - Number(b.hostile) || a.file.localeCompare(b.file));
}
