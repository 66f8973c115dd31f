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

/** Creates each named bucket if missing and puts each object, its bytes taken from the image with the key's base name. */
export async function seedObjects(s3: S3Client, objects: readonly { bucket: string; key: string }[], imagesDir: string): Promise<SeedResult> {
  const seeded: { bucket: string; key: string; file: string }[] = [];
  const missing: { bucket: string; key: string }[] = [];
  for (const bucket of new Set(objects.map((o) => o.bucket))) await ensureBucket(s3, bucket);
  for (const object of objects) {
    const file = findImage(imagesDir, basename(object.key));
    if (!file) {
      missing.push(object);
      continue;
    }
    await s3.send(new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: readFileSync(file) }));
    seeded.push({ bucket: object.bucket, key: object.key, file });
  }
  return { seeded, missing };
}
