import { createHash } from 'node:crypto';
import type { ProcessResult } from '../../core/types.js';
import type { WorkItem } from '../../events/index.js';
import type { ImageRecord } from '../../shared/image-record.js';
import type { SourceObject } from '../read-source.js';

/**
 * The source's ETag without quotes; when S3 gave none, the hex MD5 of the bytes (what S3's ETag is
 * for a single PUT), so the record and the table key never lack one.
 */
export function sourceETag(source: SourceObject): string {
  return source.eTag ?? createHash('md5').update(source.body).digest('hex');
}

/**
 * The record of one processed image, built only from what was read and written (no clock), with
 * its fields in a fixed order: the same source gives a byte-identical JSON body on every delivery.
 */
export function buildImageRecord(item: WorkItem, source: SourceObject, result: ProcessResult, archive?: ImageRecord['archive']): ImageRecord {
  return {
    source: {
      bucket: item.bucket,
      key: item.key,
      etag: sourceETag(source),
      ...(source.versionId !== undefined && { versionId: source.versionId }),
      size: source.body.byteLength,
      format: result.source.format,
      width: result.source.width,
      height: result.source.height,
    },
    outputs: result.outputs.map((output) => ({
      key: output.key,
      variant: output.variant,
      format: output.format,
      width: output.width,
      height: output.height,
      bytes: output.body.byteLength,
    })),
    ...(archive !== undefined && { archive }),
  };
}
