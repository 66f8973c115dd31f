import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ImageRun } from './run-uploads.js';

const stepRecord = z.object({ state: z.enum(['ok', 'missing', 'wrong', 'unexpected', 'none']), detail: z.string() });

/** An image's after-processing steps, where the stack has any. */
const afterRecord = z.object({
  metadata: stepRecord.optional(),
  archive: stepRecord.optional(),
  deliveries: z
    .array(z.object({ subscriptionId: z.string(), delivered: z.number(), attempts: z.number(), webhookIds: z.array(z.string()), unverified: z.array(z.string()) }))
    .optional(),
  problems: z.array(z.string()),
});

const verdictRecord = z.object({
  file: z.string(),
  hostile: z.boolean(),
  verdict: z.enum(['pass', 'fail', 'no-golden']),
  pass: z.boolean(),
  note: z.string(),
  after: afterRecord.optional(),
});

const verdictFileSchema = z.object({ target: z.string(), stack: z.string(), images: z.array(verdictRecord) });

/** What `npm run local -- --json <file>` writes: one record per image, in the run's order. */
export type VerdictFile = z.infer<typeof verdictFileSchema>;

export function verdictFile(target: string, stack: string, runs: readonly ImageRun[]): VerdictFile {
  return { target, stack, images: runs.map(({ file, hostile, verdict, pass, note, after }) => ({ file, hostile, verdict, pass, note, ...(after ? { after: afterRecord.parse(after) } : {}) })) };
}

export async function writeVerdictFile(path: string, file: VerdictFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

export async function readVerdictFile(path: string): Promise<VerdictFile> {
  const parsed = verdictFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a verdict file of npm run local --json: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Every image whose verdict differs between two runs of the same images (one line each), the
 * images only one run has, and none of the `excused` ones (file -> why that difference is known).
 */
export function verdictDifferences(expected: VerdictFile, actual: VerdictFile, excused: ReadonlyMap<string, string> = new Map()): string[] {
  const byFile = (file: VerdictFile) => new Map(file.images.map((image) => [image.file, image]));
  const [left, right] = [byFile(expected), byFile(actual)];
  const files = [...new Set([...left.keys(), ...right.keys()])].sort();
  const differences: string[] = [];
  for (const file of files) {
    if (excused.has(file)) continue;
    const a = left.get(file);
    const b = right.get(file);
    if (!a || !b) {
      differences.push(`${file}: only in the ${a ? expected.target : actual.target} run`);
    } else if (a.verdict !== b.verdict) {
      differences.push(`${file}: ${a.verdict} on ${expected.target} (${a.note}), ${b.verdict} on ${actual.target} (${b.note})`);
    }
  }
  return differences;
}
