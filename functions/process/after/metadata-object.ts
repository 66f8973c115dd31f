import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ImageRecord, ImageRecordLocation } from '../../shared/image-record.js';
import { relativeKey } from './relative-key.js';

/** `<prefix><key below the trigger prefix>.json` (the folders always kept). */
export function metadataObjectKey(sourceKey: string, prefix: string, triggerPrefix: string): string {
  return `${prefix}${relativeKey(sourceKey, triggerPrefix)}.json`;
}

/** The stored body: the same record always gives the same bytes. */
export function metadataObjectBody(record: ImageRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Writes the record as JSON to the outputs bucket; a redelivery overwrites it with identical bytes. */
export async function writeMetadataObject(
  s3: S3Client,
  record: ImageRecord,
  target: { readonly bucket: string; readonly prefix: string; readonly triggerPrefix: string },
): Promise<ImageRecordLocation> {
  const key = metadataObjectKey(record.source.key, target.prefix, target.triggerPrefix);
  await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: metadataObjectBody(record), ContentType: 'application/json' }));
  return { store: 'object', bucket: target.bucket, key };
}
