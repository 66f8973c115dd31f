import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { bucketOf, drainQueue, fixtureImage, getObject, listKeys, processedCount, queuesOf } from './support/kit-helpers.js';

interface UploadReply {
  key: string;
  outputs: string[];
}

describe('the upload flow on the embedded emulator', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    kit = await startKit({ stack: 'dev' });
  });
  afterAll(() => kit.stop());

  const upload = async (image: Buffer, contentType: string, name?: string): Promise<Response> =>
    fetch(kit.uploadUrl!, { method: 'POST', body: image, headers: { 'Content-Type': contentType, 'x-api-key': kit.apiKey!, ...(name ? { 'X-Filename': name } : {}) } });

  it('turns an upload through the HTTP API into its outputs, at the sizes the preset asks', async () => {
    const reply = await upload(fixtureImage('photo-640x480.jpg'), 'image/jpeg');
    expect(reply.status).toBe(201);
    const body = (await reply.json()) as UploadReply;
    expect(body.outputs).toHaveLength(6);
    await kit.waitForIdle({ timeoutMs: 30_000 });

    const outputs = bucketOf(kit, 'outputs');
    const thumb = await sharp(await getObject(kit, outputs, body.outputs.find((k) => k.endsWith('thumb.webp'))!)).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 200, 200]);
    const medium = await sharp(await getObject(kit, outputs, body.outputs.find((k) => k.endsWith('medium.jpg'))!)).metadata();
    expect([medium.format, medium.width, medium.height]).toEqual(['jpeg', 640, 480]);
  });

  it('refuses an upload without the API key', async () => {
    const reply = await fetch(kit.uploadUrl!, { method: 'POST', body: fixtureImage('pixel-1x1.png'), headers: { 'Content-Type': 'image/png' } });
    expect(reply.status).toBe(403);
  });

  it('gives 200 uploads 200 images of outputs, none lost, none processed twice', { timeout: 180_000 }, async () => {
    const image = fixtureImage('pixel-1x1.png');
    const replies: UploadReply[] = [];
    const queue = Array.from({ length: 200 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const reply = await upload(image, 'image/png', `many-${i}.png`);
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
