import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ImageRecord } from '../../shared/image-record.js';
import { baseName, relativeKey } from './relative-key.js';
import { zipOne } from './zip-one.js';

/** Where sources are archived (ARCHIVE_PREFIX, ARCHIVE_SUFFIXES, ARCHIVE_KEEP_FOLDERS). */
export interface ArchiveTarget {
  readonly bucket: string;
  readonly prefix: string;
  readonly suffixes: readonly string[];
  readonly keepFolders: boolean;
  readonly triggerPrefix: string;
}

/** Whether a source is archived: its key ends in one of the suffixes, case as given (like S3's filter). */
export function isArchived(sourceKey: string, suffixes: readonly string[]): boolean {
  return suffixes.some((suffix) => sourceKey.endsWith(suffix));
}

/** `<prefix><key below the trigger prefix>.zip`, or `<prefix><base name>.zip` without the folders. */
export function archiveKey(sourceKey: string, target: Pick<ArchiveTarget, 'prefix' | 'keepFolders' | 'triggerPrefix'>): string {
  const relative = relativeKey(sourceKey, target.triggerPrefix);
  return `${target.prefix}${target.keepFolders ? relative : baseName(relative)}.zip`;
}

/** Formats whose data is entropy-coded already, so deflate's string matching is skipped for them. */
const entropyCodedFormats: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);

/**
 * Zips the source under its base name and writes it; undefined when its suffix is not archived.
 * `format` is the source's format as the core read it (sharp's name).
 */
export async function writeArchive(s3: S3Client, sourceKey: string, body: Buffer, format: string, target: ArchiveTarget): Promise<ImageRecord['archive']> {
  if (!isArchived(sourceKey, target.suffixes)) return undefined;
  const zipped = await zipOne(baseName(sourceKey), body, entropyCodedFormats.has(format) ? 'entropy-coded' : 'general');
  const key = archiveKey(sourceKey, target);
  await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: zipped, ContentType: 'application/zip' }));
  return { bucket: target.bucket, key, bytes: zipped.byteLength };
}
