import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ProcessedOutput } from '../core/types.js';

export interface OutputTarget {
  readonly bucket: string;
  readonly cacheControl: string;
  /** Identical for every delivery of the same source, so a repeat writes identical objects. */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Writes the outputs one after another in the order the core returned them (the spec's order), so
 * the memory held is the encoded outputs only, and a partial failure always leaves a prefix of them.
 */
export async function writeOutputs(s3: S3Client, outputs: readonly ProcessedOutput[], target: OutputTarget): Promise<void> {
  for (const output of outputs) {
    await s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: output.key,
        Body: output.body,
        ContentType: output.contentType,
        CacheControl: target.cacheControl,
        Metadata: { ...target.metadata, variant: output.variant, width: String(output.width), height: String(output.height) },
      }),
    );
  }
}
