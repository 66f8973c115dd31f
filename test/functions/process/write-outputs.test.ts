import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { ProcessedOutput } from '../../../functions/core/types.js';
import { writeOutputs } from '../../../functions/process/write-outputs.js';

const output = (key: string): ProcessedOutput => ({ key, variant: 'thumb', format: 'webp', contentType: 'image/webp', width: 200, height: 150, body: Buffer.from(key) });
const outputs = ['thumb.webp', 'thumb.jpg', 'medium.webp', 'medium.jpg'].map((name) => output(`images/cat_${name}`));
const target = { bucket: 'imgpipe-dev-outputs', cacheControl: 'public, max-age=31536000, immutable', metadata: { 'source-etag': 'abc' } };

/** An S3 client whose PutObjects stay pending until the test settles each one by key. */
function pendingS3() {
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const client = {
    send: (command: PutObjectCommand) =>
      new Promise<void>((resolve, reject) => {
        pending.set(command.input.Key!, { resolve, reject });
      }),
  };
  return { s3: client as unknown as S3Client, pending };
}

describe('writeOutputs', () => {
  it('sends every PutObject before any has been answered', async () => {
    const { s3, pending } = pendingS3();
    const written = writeOutputs(s3, outputs, target);
    expect([...pending.keys()]).toEqual(outputs.map((o) => o.key));
    for (const put of pending.values()) put.resolve();
    await expect(written).resolves.toBeUndefined();
  });

  it('when one write fails, waits for the others and then throws that failure', async () => {
    const { s3, pending } = pendingS3();
    let settled = false;
    const written = writeOutputs(s3, outputs, target).finally(() => {
      settled = true;
    });
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    pending.get('images/cat_thumb.jpg')!.reject(denied);
    await nextTurn();
    // Three writes still running: the invocation must not end under them.
    expect(settled).toBe(false);
    for (const [key, put] of pending) if (key !== 'images/cat_thumb.jpg') put.resolve();
    await expect(written).rejects.toBe(denied);
  });
});
