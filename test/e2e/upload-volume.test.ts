import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { bucketOf, drainQueue, fixtureImage, listKeys, postUpload, processedCount, queuesOf, type UploadReply } from './support/kit-helpers.js';

/**
 * The upload flow under volume, in `npm run test:e2e`: 200 uploads are 200 upload invocations and their
 * process invocations, about 8 s of CPU here. One upload through the API to its outputs, and the API key
 * check, are in upload-flow.test.ts.
 */
describe('the upload flow on the embedded emulator, 200 uploads at once', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    kit = await startKit({ stack: 'dev' });
  });
  afterAll(() => kit.stop());

  it('gives 200 uploads 200 images of outputs, none lost, none processed twice', { timeout: 180_000 }, async () => {
    const image = fixtureImage('pixel-1x1.png');
    const replies: UploadReply[] = [];
    const queue = Array.from({ length: 200 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const reply = await postUpload(kit, image, 'image/png', `many-${i}.png`);
          expect(reply.status).toBe(201);
          replies.push((await reply.json()) as UploadReply);
        }
      }),
    );
    await kit.waitForIdle({ timeoutMs: 150_000 });

    expect(new Set(replies.map((r) => r.key)).size).toBe(200);
    const expected = replies.flatMap((r) => r.outputs).sort();
    const stored = (await listKeys(kit, bucketOf(kit, 'outputs'))).filter((k) => k.includes('many-')).sort();
    expect(stored).toEqual(expected);
    expect(stored).toHaveLength(1200);
    expect(replies.map((r) => processedCount(kit, r.key)).filter((n) => n !== 1)).toEqual([]);
    expect(await drainQueue(kit, queuesOf(kit).dlq)).toEqual([]);
  });
});
