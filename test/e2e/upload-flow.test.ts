import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { bucketOf, fixtureImage, getObject, postUpload, type UploadReply } from './support/kit-helpers.js';

describe('the upload flow on the embedded emulator', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    kit = await startKit({ stack: 'dev' });
  });
  afterAll(() => kit.stop());

  const upload = (image: Buffer, contentType: string): Promise<Response> => postUpload(kit, image, contentType);

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
});
