import type { GoldenResult } from '../../golden/index.js';
import { checkUploadAgainstGoldens, fixtureOf, isFailure, presetOf } from './golden-check.js';
import { listImagesFolder, type UploadFile } from './image-files.js';
import { OutcomeTracker, type UploadOutcome } from './outcome-tracker.js';
import { fetchOutputs, type OutputImage } from './output-images.js';
import type { RunTarget } from './run-target.js';
import { uploadImage, type UploadAnswer } from './upload-image.js';

/** `no-golden`: processed into every output, with nothing to compare them with (neutral: the run still passes). */
export type Verdict = 'pass' | 'fail' | 'no-golden';

export interface ImageRun {
  /** Relative to the images folder, e.g. `photo-640x480.jpg` or `hostile/truncated.jpg`. */
  readonly file: string;
  readonly hostile: boolean;
  readonly answer: UploadAnswer;
  readonly outcome?: UploadOutcome;
  /** Milliseconds from the upload's 201 to its last output. */
  readonly ms?: number;
  /** The outputs read back from the outputs bucket (when the upload reached them). */
  readonly outputImages: readonly OutputImage[];
  readonly golden: readonly GoldenResult[];
  readonly verdict: Verdict;
  /** False only for a failing verdict. */
  readonly pass: boolean;
  /** What happened, in a few words (the rejection, the dead-letter reason, the mismatch). */
  readonly note: string;
}

export interface RunUploadsOptions {
  readonly target: RunTarget;
  /** Images at the top, hostile ones in `hostile/` below it (see listImagesFolder). */
  readonly imagesDir: string;
  /** The files to upload, when already listed from `imagesDir`. */
  readonly files?: readonly UploadFile[];
  /** Save each output below `<saveOutputsTo>/<output key>` (for the report). */
  readonly saveOutputsTo?: string;
  /** For all uploads to reach their end. @default 180000 */
  readonly timeoutMs?: number;
  /** Uploads in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Called once with the number of images, before the first upload. */
  readonly onStart?: (total: number) => void;
  readonly onImageDone?: (run: ImageRun) => void;
}

export interface JudgeInput {
  readonly hostile: boolean;
  readonly answer: UploadAnswer;
  readonly outcome: UploadOutcome | undefined;
  readonly golden: readonly GoldenResult[];
  /** Why the outputs have nothing to be compared with, when they have not (an image that is not a fixture). */
  readonly noGolden?: string;
  /** The preset whose goldens were compared, for the note. */
  readonly preset?: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The verdict on one image: good ones must reach their outputs, matching the goldens when they
 * have goldens; hostile ones must be refused (4xx) or dead-lettered.
 */
export function judgeImage({ hostile, answer, outcome, golden, noGolden, preset }: JudgeInput): { verdict: Verdict; pass: boolean; note: string } {
  const fail = (note: string) => ({ verdict: 'fail' as const, pass: false, note });
  const pass = (note: string) => ({ verdict: 'pass' as const, pass: true, note });
  if (!answer.accepted) {
    const note = `rejected ${answer.status}: ${answer.message}`;
    return hostile && answer.status >= 400 && answer.status < 500 ? pass(note) : fail(note);
  }
  if (outcome?.kind === 'undelivered') return fail(`its notification never reached the queue: ${outcome.reason}`);
  if (!outcome || outcome.kind === 'lost') {
    const checkError = outcome?.checkError !== undefined ? ` (the last check failed: ${outcome.checkError})` : '';
    return fail(`lost: ${outcome?.kind === 'lost' ? outcome.missing.length : '?'} outputs never appeared and nothing reached the dead-letter queue${checkError}`);
  }
  if (outcome.kind === 'dead-letter') {
    const via = { redrive: 'redriven after maxReceiveCount; from the logs: ', destination: "Lambda's destination record: ", function: '' } as const;
    const note = `${via[outcome.via]}${outcome.reason}`;
    return hostile ? pass(note) : fail(note);
  }
  if (hostile) return fail('a hostile file was turned into outputs');
  if (noGolden !== undefined) return { verdict: 'no-golden', pass: true, note: `processed, no golden (${noGolden}): ${plural(answer.outputs.length, 'output')} written, shown in the report` };
  const failures = golden.filter(isFailure);
  if (failures.length > 0) return fail(`golden mismatch: ${failures.map((f) => `${f.name} (${f.comparison?.reason ?? f.error})`).join('; ')}`);
  return pass(`${plural(golden.length, 'output')} match the ${preset ? `${preset} ` : ''}goldens`);
}

/**
 * Uploads every image and every hostile file through the target's HTTP API, follows each to its
 * end (outputs, dead-letter queue or an API rejection), reads the outputs back and diffs them with
 * the goldens of the fixture the image is (when it is one).
 */
export async function runUploads(options: RunUploadsOptions): Promise<ImageRun[]> {
  const { target } = options;
  const files = options.files ?? (await listImagesFolder(options.imagesDir)).files;
  options.onStart?.(files.length);
  const preset = presetOf(target.processing);
  const tracker = new OutcomeTracker(target, { deadlineAt: Date.now() + (options.timeoutMs ?? 180_000) });
  const runs: ImageRun[] = [];
  const followed: Promise<void>[] = [];
  const queue = [...files];
  const follow = async (next: UploadFile, answer: UploadAnswer): Promise<void> => {
    const outcome = answer.accepted ? await tracker.track(answer.key, answer.outputs) : undefined;
    const reached = answer.accepted && outcome?.kind === 'outputs';
    const { images, bodies } = reached ? await fetchOutputs(target, answer.outputs, options.saveOutputsTo) : { images: [], bodies: [] };
    const fixture = reached && !next.hostile ? await fixtureOf(next.path) : undefined;
    const noGolden = next.hostile || !reached ? undefined : !fixture ? 'not one of the fixtures' : !preset ? "no preset's goldens match the stack's processing spec" : undefined;
    const golden = reached && fixture && preset ? await checkUploadAgainstGoldens(target.processing, preset, fixture, bodies) : [];
    const lastWrite = answer.accepted ? Math.max(...answer.outputs.map((k) => target.writeTimes?.get(`${target.outputsBucket}/${k}`) ?? 0)) : 0;
    const ms = reached ? Math.max(0, (lastWrite || outcome.doneAt) - answer.at) : undefined;
    const judged = judgeImage({ hostile: next.hostile, answer, outcome, golden, ...(noGolden !== undefined ? { noGolden } : {}), ...(preset !== undefined ? { preset } : {}) });
    const run: ImageRun = { file: next.file, hostile: next.hostile, answer, ...(outcome ? { outcome } : {}), ...(ms !== undefined ? { ms } : {}), outputImages: images, golden, ...judged };
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
