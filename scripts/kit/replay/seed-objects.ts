import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ensureBucket } from '../s3/ensure-bucket.js';

/** Finds `name` in `dir` or its sub-folders (the top level first). */
export function findImage(dir: string, name: string): string | undefined {
  const direct = join(dir, name);
  if (existsSync(direct)) return direct;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const found = findImage(join(dir, entry.name), name);
    if (found) return found;
  }
  return undefined;
}

export interface SeedResult {
  readonly seeded: readonly { bucket: string; key: string; file: string }[];
  readonly missing: readonly { bucket: string; key: string }[];
}

export interface SeedOptions {
  /**
   * Told, before anything is delivered, about each object the event names that has no image in
   * `imagesDir` (the function will then meet a missing object). @default a line on stderr
   */
  readonly warn?: (line: string) => void;
}

/** The line that says an object the event names is not in the images folder. */
export const missingImageWarning = (object: { bucket: string; key: string }, imagesDir: string): string =>
  `warning: s3://${object.bucket}/${object.key}: no file named ${basename(object.key)} in ${imagesDir} or below it; the event is delivered without that object`;

/**
 * Creates each named bucket if missing and puts each object, its bytes taken from the image with
 * the key's base name; warns about each object that has no such image.
 */
export async function seedObjects(s3: S3Client, objects: readonly { bucket: string; key: string }[], imagesDir: string, options: SeedOptions = {}): Promise<SeedResult> {
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const seeded: { bucket: string; key: string; file: string }[] = [];
  const missing: { bucket: string; key: string }[] = [];
  for (const bucket of new Set(objects.map((o) => o.bucket))) await ensureBucket(s3, bucket);
  for (const object of objects) {
    const file = findImage(imagesDir, basename(object.key));
    if (!file) {
      missing.push(object);
      warn(missingImageWarning(object, imagesDir));
      continue;
    }
    await s3.send(new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: readFileSync(file) }));
    seeded.push({ bucket: object.bucket, key: object.key, file });
  }
  return { seeded, missing };
}
