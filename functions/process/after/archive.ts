import { buffer } from 'node:stream/consumers';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ZipFile } from 'yazl';
import type { ImageRecord } from '../../shared/image-record.js';
import { baseName, relativeKey } from './relative-key.js';

/** Where sources are archived (ARCHIVE_PREFIX, ARCHIVE_SUFFIXES, ARCHIVE_KEEP_FOLDERS). */
export interface ArchiveTarget {
  readonly bucket: string;
  readonly prefix: string;
  readonly suffixes: readonly string[];
  readonly keepFolders: boolean;
  readonly triggerPrefix: string;
}

/** A regular file, rw-r--r--. */
const fileMode = 0o100644;

/** Whether a source is archived: its key ends in one of the suffixes, case as given (like S3's filter). */
export function isArchived(sourceKey: string, suffixes: readonly string[]): boolean {
  return suffixes.some((suffix) => sourceKey.endsWith(suffix));
}

/** `<prefix><key below the trigger prefix>.zip`, or `<prefix><base name>.zip` without the folders. */
export function archiveKey(sourceKey: string, target: Pick<ArchiveTarget, 'prefix' | 'keepFolders' | 'triggerPrefix'>): string {
  const relative = relativeKey(sourceKey, target.triggerPrefix);
  return `${target.prefix}${target.keepFolders ? relative : baseName(relative)}.zip`;
}

/**
 * A deflated zip of one entry, `name`, holding `body`; its bytes depend only on those two: fixed
 * DOS timestamp, no extended-time field, fixed mode.
 */
export async function zipOne(name: string, body: Buffer): Promise<Buffer> {
  // Built from local date parts: yazl writes the DOS timestamp from local time, so this is
  // 1980-01-01 00:00 (and the same bytes) in every time zone.
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const zip = new ZipFile();
  zip.addBuffer(body, name, { mtime, forceDosTimestamp: true, mode: fileMode, compress: true });
  zip.end();
  return buffer(zip.outputStream);
}

/** Zips the source under its base name and writes it; undefined when its suffix is not archived. */
export async function writeArchive(s3: S3Client, sourceKey: string, body: Buffer, target: ArchiveTarget): Promise<ImageRecord['archive']> {
  if (!isArchived(sourceKey, target.suffixes)) return undefined;
  const zipped = await zipOne(baseName(sourceKey), body);
  const key = archiveKey(sourceKey, target);
  await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: zipped, ContentType: 'application/zip' }));
  return { bucket: target.bucket, key, bytes: zipped.byteLength };
}
