import { decodeS3Key } from '../events/index.js';
import { deadLetterAttributes, type DeadLetterSink } from './dead-letter.js';
import type { ProcessDeps } from './deps.js';
import type { FailedObject } from './process-items.js';

interface S3RecordLike {
  readonly s3?: { readonly bucket?: { readonly name?: unknown }; readonly object?: { readonly key?: unknown } };
}

function decodedKeyOf(record: S3RecordLike): string | undefined {
  const key = record.s3?.object?.key;
  if (typeof key !== 'string') return undefined;
  try {
    return decodeS3Key(key);
  } catch {
    return undefined;
  }
}

/**
 * The body kept for one failed object of an S3 notification: the record that named it, as a
 * notification of its own (so `npm run replay` can deliver it again), or `{bucket, key}` when the
 * event holds no such record.
 */
export function directDeadLetterBody(event: unknown, failure: Pick<FailedObject, 'bucket' | 'key'>): string {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (Array.isArray(records)) {
    const record = (records as S3RecordLike[]).find((r) => r?.s3?.bucket?.name === failure.bucket && decodedKeyOf(r) === failure.key);
    if (record) return JSON.stringify({ Records: [record] });
  }
  return JSON.stringify({ bucket: failure.bucket, key: failure.key });
}

/**
 * S3 invoked the function directly and every failure is one no retry can fix: each failed object
 * goes to the dead-letter queue at once, one message each, with the queue flow's attributes (the
 * Lambda request id in place of a message id). Throws when a move fails: the invocation then fails,
 * Lambda retries it and its on-failure destination receives it, so nothing is lost.
 */
export async function moveDirectFailures(
  sink: DeadLetterSink,
  event: unknown,
  failed: readonly FailedObject[],
  requestId: string | undefined,
  logger: ProcessDeps['logger'],
): Promise<void> {
  for (const failure of failed) {
    const where = { bucket: failure.bucket, key: failure.key, code: failure.code, ...(requestId !== undefined && { requestId }) };
    const attributes = deadLetterAttributes(failure, { ...(requestId !== undefined && { requestId }) }, new Date());
    try {
      await sink.send({ body: directDeadLetterBody(event, failure), attributes });
    } catch (error) {
      logger.error('could not move to dead-letter queue', { ...where, error: error as Error });
      throw error;
    }
    logger.warn('moved to dead-letter queue', { ...where, reason: failure.reason });
  }
}
