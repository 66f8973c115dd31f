import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isSupportedInputFormat } from '../../../functions/core/sniff.js';
import { uploadFormats } from '../../../functions/upload/formats.js';
import { sniffFile } from '../../files/sniff-file.js';
import type { GoldenResult } from '../../golden/index.js';
import type { AfterStepsResult } from './after-steps-check.js';
import { executionText, type RunExecution } from './executions.js';
import { checkUploadAgainstGoldens, fixtureOf, isFailure, presetOf } from './golden-check.js';
import { listImagesFolder, type UploadFile } from './image-files.js';
import { OutcomeTracker, type UploadOutcome } from './outcome-tracker.js';
import { fetchOutputs, type OutputImage } from './output-images.js';
import type { RunTarget } from './run-target.js';
import { startExecutionFor } from './start-execution.js';
import { uploadImage, type UploadAnswer } from './upload-image.js';
import { plural } from '../../report/plural.js';

/**
 * How an image went in: uploaded through the API (then S3 notifies), or seeded into the bucket with
 * notifications muted and started with the executions API.
 */
export type UploadEntry = 'POST /uploads' | 'POST /executions';

/** `no-golden`: processed into every output, with nothing to compare them with (neutral: the run still passes). */
export type Verdict = 'pass' | 'fail' | 'no-golden';

export interface ImageRun {
  /** Relative to the images folder, e.g. `photo-640x480.jpg` or `hostile/truncated.jpg`. */
  readonly file: string;
  readonly hostile: boolean;
  /** @default 'POST /uploads' */
  readonly entry?: UploadEntry;
  readonly answer: UploadAnswer;
  readonly outcome?: UploadOutcome;
  /** Its Step Functions executions, where the stack has a state machine. */
  readonly executions?: readonly RunExecution[];
  /** Milliseconds from the upload's 201 to its last output. */
  readonly ms?: number;
  /** Its metadata record, archive and webhook deliveries, where the stack has after-processing steps. */
  readonly after?: AfterStepsResult;
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
  /** Its executions, where a state machine ran: a good image whose execution failed is not as expected. */
  readonly executions?: readonly RunExecution[];
  /** Why the stack refuses this image's format (its trigger suffixes leave it out), when it does: a 415 is then as expected. */
  readonly notAccepted?: string;
  /** Its after-processing steps, where the stack has any: one missing (or present for a failed image) fails it. */
  readonly after?: AfterStepsResult;
}

const stoppedBadly = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);


/**
 * The verdict on one image: good ones must reach their outputs, matching the goldens when they
 * have goldens; hostile ones must be refused (4xx) or dead-lettered.
 */
export function judgeImage(input: JudgeInput): { verdict: Verdict; pass: boolean; note: string } {
  const judged = judgeOutputs(input);
  const problems = input.after?.problems ?? [];
  if (problems.length === 0) return judged;
  return { verdict: 'fail', pass: false, note: `${judged.note}; after processing: ${problems.join('; ')}` };
}

/** The verdict on the upload itself: its answer, where it ended, its outputs against the goldens. */
function judgeOutputs({ hostile, answer, outcome, golden, noGolden, preset, executions = [], notAccepted }: JudgeInput): { verdict: Verdict; pass: boolean; note: string } {
  const fail = (note: string) => ({ verdict: 'fail' as const, pass: false, note });
  const pass = (note: string) => ({ verdict: 'pass' as const, pass: true, note });
  if (!answer.accepted) {
    const note = `rejected ${answer.status}: ${answer.message}`;
    if (notAccepted !== undefined && answer.status === 415) return pass(`${note} (as configured: ${notAccepted})`);
    return hostile && answer.status >= 400 && answer.status < 500 ? pass(note) : fail(note);
  }
  if (outcome?.kind === 'undelivered') return fail(`its notification never reached the queue: ${outcome.reason}`);
  if (!outcome || outcome.kind === 'lost') {
    const checkError = outcome?.checkError !== undefined ? ` (the last check failed: ${outcome.checkError})` : '';
    const quiet = outcome?.kind === 'lost' && outcome.quiet ? ' (the pipeline went quiet: nothing was running or waiting)' : '';
    return fail(`lost: ${outcome?.kind === 'lost' ? outcome.missing.length : '?'} outputs never appeared and nothing reached the dead-letter queue${quiet}${checkError}`);
  }
  if (outcome.kind === 'dead-letter') {
    const via = { redrive: 'redriven after maxReceiveCount; from the logs: ', destination: "Lambda's destination record: ", function: '', execution: '', 'event-target': "EventBridge's target dead-letter message: " } as const;
    const note = `${via[outcome.via]}${outcome.reason}`;
    return hostile ? pass(note) : fail(note);
  }
  if (hostile) return fail('a hostile file was turned into outputs');
  const failedExecution = executions.find((e) => stoppedBadly.has(e.status));
  if (failedExecution) return fail(`its outputs were written but its execution ${failedExecution.name} ended ${executionText(failedExecution)}`);
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
  const deadlineAt = Date.now() + (options.timeoutMs ?? 180_000);
  // Before anything is uploaded (seeding mutes the bucket's notifications): half the images are already in the bucket.
  const seeded = await seedHalf(target, files);
  const tracker = new OutcomeTracker(target, { deadlineAt });
  const runs: ImageRun[] = [];
  const followed: Promise<void>[] = [];
  const queue = [...files];
  const send = (next: UploadFile): Promise<UploadAnswer> => {
    const object = seeded.get(next);
    return object && target.executionsUrl ? startExecutionFor(target.executionsUrl, object.key, object.outputs, target.apiKey) : uploadImage(target.uploadUrl, next.path, target.apiKey);
  };
  const follow = async (next: UploadFile, answer: UploadAnswer): Promise<void> => {
    const outcome = answer.accepted ? await tracker.track(answer.key, answer.outputs) : undefined;
    const executions = answer.accepted && target.executionsOf ? await target.executionsOf(answer.key, deadlineAt) : undefined;
    const reached = answer.accepted && outcome?.kind === 'outputs';
    const { images, bodies } = reached ? await fetchOutputs(target, answer.outputs, options.saveOutputsTo) : { images: [], bodies: [] };
    const fixture = reached && !next.hostile ? await fixtureOf(next.path) : undefined;
    const noGolden = next.hostile || !reached ? undefined : !fixture ? 'not one of the fixtures' : !preset ? "no preset's goldens match the stack's processing spec" : undefined;
    const golden = reached && fixture && preset ? await checkUploadAgainstGoldens(target.processing, preset, fixture, bodies) : [];
    const lastWrite = answer.accepted ? Math.max(...answer.outputs.map((k) => target.writeTimes?.get(`${target.outputsBucket}/${k}`) ?? 0)) : 0;
    const ms = reached ? Math.max(0, (lastWrite || outcome.doneAt) - answer.at) : undefined;
    const notAccepted = next.hostile ? undefined : await formatNotAccepted(next.path, target.acceptedSuffixes);
    const after = answer.accepted && target.afterSteps ? await target.afterSteps({ key: answer.key, outputs: answer.outputs, processed: reached }, deadlineAt) : undefined;
    const judged = judgeImage({
      hostile: next.hostile,
      answer,
      outcome,
      golden,
      ...(noGolden !== undefined ? { noGolden } : {}),
      ...(preset !== undefined ? { preset } : {}),
      ...(executions ? { executions } : {}),
      ...(notAccepted !== undefined ? { notAccepted } : {}),
      ...(after ? { after } : {}),
    });
    const entry: UploadEntry = seeded.has(next) ? 'POST /executions' : 'POST /uploads';
    const run: ImageRun = { file: next.file, hostile: next.hostile, entry, answer, ...(outcome ? { outcome } : {}), ...(executions ? { executions } : {}), ...(ms !== undefined ? { ms } : {}), ...(after ? { after } : {}), outputImages: images, golden, ...judged };
    runs.push(run);
    options.onImageDone?.(run);
  };
  try {
    // Uploads go out `concurrency` at a time; each is then followed to its end without holding up the next.
    await Promise.all(
      Array.from({ length: options.concurrency ?? 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          followed.push(follow(next, await send(next)));
        }
      }),
    );
    await Promise.all(followed);
  } finally {
    tracker.stop();
  }
  return runs.sort((a, b) => Number(a.hostile) - Number(b.hostile) || a.file.localeCompare(b.file));
}

/** Why the stack refuses a file's format (none of the format's extensions is a trigger suffix), or undefined when it takes it. */
async function formatNotAccepted(file: string, acceptedSuffixes: readonly string[] | undefined): Promise<string | undefined> {
  if (acceptedSuffixes === undefined) return undefined;
  const format = await sniffFile(file);
  if (format === undefined || !isSupportedInputFormat(format)) return undefined;
  if (uploadFormats[format].extensions.some((extension) => acceptedSuffixes.includes(extension))) return undefined;
  return `the stack's trigger suffixes, ${acceptedSuffixes.join(' ')}, leave ${format} out`;
}

/**
 * Where the stack has the executions API: every second image (of the good ones, and of the hostile
 * ones) is put into the uploads bucket with notifications muted, as an object that existed before
 * the pipeline, to be started with `POST /executions`; the others go through `POST /uploads`.
 */
async function seedHalf(target: RunTarget, files: readonly UploadFile[]): Promise<Map<UploadFile, { key: string; outputs: string[] }>> {
  const seeded = new Map<UploadFile, { key: string; outputs: string[] }>();
  if (!target.executionsUrl || !target.seedObject) return seeded;
  for (const group of [files.filter((f) => !f.hostile), files.filter((f) => f.hostile)]) {
    for (const [i, file] of group.entries()) {
      if (i % 2 === 1) seeded.set(file, await target.seedObject(basename(file.path), await readFile(file.path)));
    }
  }
  return seeded;
}
