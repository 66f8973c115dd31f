import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ProcessedOutput } from '../core/types.js';

export interface OutputTarget {
  readonly bucket: string;
  readonly cacheControl: string;
  /** Identical for every delivery of the same source, so a repeat writes identical objects. */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Writes every output at once: one S3 round trip in all rather than one per output (the function's
 * billed duration), and no more memory, since the encoded outputs are all held already. When a
 * write fails, the others are waited for before the first failure is thrown, so that no request is
 * still running when the invocation ends; the redelivery writes the same bytes again, and the
 * metadata record (written after this) still means "all outputs are there".
 */
export async function writeOutputs(s3: S3Client, outputs: readonly ProcessedOutput[], target: OutputTarget): Promise<void> {
  const writes = await Promise.allSettled(
    outputs.map((output) =>
      s3.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: output.key,
          Body: output.body,
          ContentType: output.contentType,
          CacheControl: target.cacheControl,
          Metadata: { ...target.metadata, variant: output.variant, width: String(output.width), height: String(output.height) },
        }),
      ),
    ),
  );
  const failed = writes.find((write): write is PromiseRejectedResult => write.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
