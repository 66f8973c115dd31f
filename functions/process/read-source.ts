import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { InputTooLargeError } from '../core/errors.js';
import { unquoteETag, type WorkItem } from '../events/index.js';
import { SourceMissingError } from './errors.js';

export interface SourceObject {
  readonly body: Buffer;
  /** The ETag of the bytes read, without quotes. */
  readonly eTag?: string;
  readonly versionId?: string;
}

type Destroyable = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void };

/**
 * Downloads the source object, refusing more than `maxBytes` before reading the body: first by the
 * size in the event, then by the response's Content-Length, and while streaming as a last guard.
 */
export async function readSource(s3: S3Client, item: WorkItem, maxBytes: number): Promise<SourceObject> {
  if (item.size !== undefined && item.size > maxBytes) throw new InputTooLargeError(item.key, item.size, maxBytes);
  let response;
  try {
    response = await s3.send(
      new GetObjectCommand({ Bucket: item.bucket, Key: item.key, ...(item.versionId !== undefined && { VersionId: item.versionId }) }),
    );
  } catch (error) {
    if (error instanceof NoSuchKey) throw new SourceMissingError(item.bucket, item.key);
    throw error;
  }
  const stream = response.Body as Destroyable | undefined;
  if (stream === undefined) throw new SourceMissingError(item.bucket, item.key);
  if (response.ContentLength !== undefined && response.ContentLength > maxBytes) {
    stream.destroy?.();
    throw new InputTooLargeError(item.key, response.ContentLength, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      stream.destroy?.();
      throw new InputTooLargeError(item.key, total, maxBytes);
    }
    chunks.push(chunk);
  }
  const eTag = (response.ETag !== undefined ? unquoteETag(response.ETag) : undefined) ?? item.eTag;
  const versionId = response.VersionId ?? item.versionId;
  return {
    body: Buffer.concat(chunks, total),
    ...(eTag !== undefined && { eTag }),
    ...(versionId !== undefined && versionId !== 'null' && { versionId }),
  };
}
