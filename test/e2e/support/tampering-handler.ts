/**
 * A handler wrapper loaded inside the process function's sandbox (KitOptions.handlerWrappers), for
 * an S3 event invoking it directly and for Step Functions' `{bucket, key}` input alike:
 *   - an event naming a key that contains KIT_TEST_LOSE is answered as processed, and nothing is
 *     written: the upload is lost (no outputs, nothing in the dead-letter queue);
 *   - the first event naming a key that contains KIT_TEST_TAMPER mirrors the uploaded image in the
 *     bucket before the real handler runs, so its outputs differ from the goldens (the put starts
 *     processing again, which finds the mirrored image and leaves the same outputs).
 * Remembered in files under KIT_TEST_STATE_DIR, as the sandbox may be another process next time.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { firstTime } from '../../support/first-time.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The bucket and (decoded) key of a `{bucket, key}` input or of the first S3 record. */
function objectOf(event: unknown): { bucket: string; key: string } | undefined {
  const input = event as { bucket?: unknown; key?: unknown; Records?: { s3?: { bucket?: { name?: string }; object?: { key?: string } } }[] } | null;
  if (typeof input?.bucket === 'string' && typeof input.key === 'string') return { bucket: input.bucket, key: input.key };
  const s3 = input?.Records?.[0]?.s3;
  if (s3?.bucket?.name && s3.object?.key) return { bucket: s3.bucket.name, key: decodeURIComponent(s3.object.key.replace(/\+/g, ' ')) };
  return undefined;
}

export function wrapHandler(real: Handler): Handler {
  const s3 = new S3Client({ forcePathStyle: true });
  return async (event, context) => {
    const object = objectOf(event);
    const lose = process.env.KIT_TEST_LOSE;
    if (object && lose && object.key.includes(lose)) return { ok: true, processed: [], failed: [], ignored: [] };
    const tamper = process.env.KIT_TEST_TAMPER;
    if (object && tamper && object.key.includes(tamper) && firstTime(`tamper-${encodeURIComponent(object.key)}`)) {
      const reply = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
      const mirrored = await sharp(Buffer.from(await reply.Body!.transformToByteArray())).flop().toBuffer();
      await s3.send(new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: mirrored }));
    }
    return real(event, context);
  };
}
