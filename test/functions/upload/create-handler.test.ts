import { readFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUploadHandler, type UploadHandler } from '../../../functions/upload/create-handler.js';
import type { UploadSettings } from '../../../functions/upload/settings.js';
import { multipartForm, uploadRequest, uploadSettings } from '../../support/api-gateway.js';
import { startEmulator, type Emulator } from '../../support/emulator.js';
import { recordingLogger } from '../../support/logger.js';
import { manyScanJpeg, maxLegalScans } from '../../../scripts/fixtures/progressive-jpeg.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/images/${name}`, import.meta.url));
const jpeg = fixture('photo-640x480.jpg');
const png = fixture('alpha-600x400.png');

const bucket = 'imgpipe-dev-uploads-123456789012';
const settings: UploadSettings = uploadSettings(bucket, 100_000);
const id = '0b7d5c1e-2f4a-4c1b-9a8e-3d2f1e0c9b8a';
const now = new Date('2026-11-22T10:00:00Z');

let server: Emulator;
let s3: S3Client;
let logger: ReturnType<typeof recordingLogger>;
let handler: UploadHandler;

beforeAll(async () => {
  ({ server, s3 } = await startEmulator([bucket]));
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.reset();
  logger = recordingLogger();
  handler = createUploadHandler({ s3, settings, logger, now: () => now, newId: () => id });
});

async function storedKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

describe('upload handler: accepted images', () => {
  it('stores the bytes under a new key and replies 201 with key, bucket, type, size and the output keys', async () => {
    const response = await handler(uploadRequest({ body: jpeg, headers: { 'X-Filename': 'beach (1).jpg' } }));

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['Content-Type']).toBe('application/json');
    const key = `images/2026/11/22/${id}-beach (1).jpg`;
    expect(JSON.parse(response.body)).toEqual({
      key,
      bucket,
      contentType: 'image/jpeg',
      bytes: jpeg.length,
      outputs: [
        `2026/11/22/${id}-beach (1)/thumb.webp`,
        `2026/11/22/${id}-beach (1)/thumb.jpg`,
        `2026/11/22/${id}-beach (1)/medium.webp`,
        `2026/11/22/${id}-beach (1)/medium.jpg`,
        `2026/11/22/${id}-beach (1)/large.webp`,
        `2026/11/22/${id}-beach (1)/large.jpg`,
      ],
    });
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(stored.ContentType).toBe('image/jpeg');
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(jpeg)).toBe(true);
  });

  it('takes the type from the bytes, not the Content-Type or the name', async () => {
    const response = await handler(uploadRequest({ body: png, headers: { 'Content-Type': 'image/jpeg', 'X-Filename': 'photo.JPG' } }));
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ contentType: 'image/png', key: `images/2026/11/22/${id}-photo.png` });
  });

  it('lowercases a matching extension so the notification suffix filter matches', async () => {
    const response = await handler(uploadRequest({ body: jpeg, query: { filename: 'IMG_0001.JPEG' } }));
    expect(JSON.parse(response.body).key).toBe(`images/2026/11/22/${id}-IMG_0001.jpeg`);
  });

  it.each([
    ['../../etc/passwd', 'passwd.jpg'],
    ['..\\..\\boot.ini', 'boot.jpg'],
    ['bad\u0000name\u001f\n.jpg', 'badname.jpg'],
    ['café crème.jpg', 'café crème.jpg'],
    ['写真 01.jpg', '写真 01.jpg'],
    ['  spaces   inside .jpg', 'spaces inside .jpg'],
  ])('keeps an odd name %j safe: %j', async (raw, name) => {
    const response = await handler(uploadRequest({ body: jpeg, headers: { 'X-Filename': encodeURIComponent(raw) } }));
    expect(response.statusCode).toBe(201);
    const { key } = JSON.parse(response.body) as { key: string };
    expect(key).toBe(`images/2026/11/22/${id}-${name}`);
    expect(await storedKeys()).toEqual([key]);
  });

  it('names an upload without a file name "upload" with the content extension', async () => {
    const response = await handler(uploadRequest({ body: png }));
    expect(JSON.parse(response.body).key).toBe(`images/2026/11/22/${id}-upload.png`);
  });

  it('reads the name from Content-Disposition', async () => {
    const response = await handler(uploadRequest({ body: jpeg, headers: { 'Content-Disposition': "attachment; filename*=UTF-8''%C3%A9t%C3%A9.jpg" } }));
    expect(JSON.parse(response.body).key).toBe(`images/2026/11/22/${id}-été.jpg`);
  });
});

describe('upload handler: refused requests', () => {
  it('replies 400 when there is no body', async () => {
    const response = await handler(uploadRequest({ body: null }));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'MissingBody', message: expect.stringContaining('no body') });
    expect(await storedKeys()).toEqual([]);
  });

  it('replies 413 when Content-Length is over the limit, before reading the body', async () => {
    const response = await handler(uploadRequest({ body: 'irrelevant', headers: { 'Content-Length': String(settings.maxUploadBytes + 1) } }));
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body).error).toBe('InputTooLarge');
  });

  it('replies 413 when the body is over the limit', async () => {
    const big = Buffer.concat([jpeg, Buffer.alloc(settings.maxUploadBytes)]);
    const response = await handler(uploadRequest({ body: big, headers: { 'Content-Length': '' } }));
    expect(response.statusCode).toBe(413);
    expect(await storedKeys()).toEqual([]);
  });

  it('replies 415 for text named .png', async () => {
    const response = await handler(uploadRequest({ body: fixture('hostile/text-named.png'), headers: { 'X-Filename': 'text-named.png', 'Content-Type': 'image/png' } }));
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toEqual({ error: 'UnsupportedFormat', message: expect.stringContaining('not an accepted image') });
    expect(await storedKeys()).toEqual([]);
  });

  it('replies 422 with the reason for a many-scan progressive JPEG, and stores nothing', async () => {
    const manyScans = manyScanJpeg({ width: 4000, height: 4000, components: 1, scans: maxLegalScans(1) });
    const response = await handler(uploadRequest({ body: manyScans, headers: { 'X-Filename': 'innocent.jpg' } }));
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body)).toEqual({ error: 'TooCostlyToDecode', message: 'innocent.jpg: too costly to decode (a JPEG with 883 scans; real encoders write at most about a dozen, the limit is 32)' });
    expect(await storedKeys()).toEqual([]);
    expect(logger.entries).toContainEqual(expect.objectContaining({ message: 'upload refused', fields: expect.objectContaining({ status: 422 }) }));
  });

  it('replies 422 for a decompression bomb, from its header', async () => {
    const response = await handler(uploadRequest({ body: fixture('hostile/bomb.png'), headers: { 'X-Filename': 'bomb.png' } }));
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body)).toEqual({ error: 'PixelLimitExceeded', message: 'bomb.png: 20000x20000 = 400000000 pixels exceeds the limit of 50000000 pixels' });
    expect(await storedKeys()).toEqual([]);
  });

  it('replies 415 for an SVG (recognised, not accepted)', async () => {
    const response = await handler(uploadRequest({ body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), headers: { 'X-Filename': 'x.svg' } }));
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body).message).toMatch(/svg/);
  });

  it('replies 415 for a format the trigger does not pass', async () => {
    const gifOnly = createUploadHandler({ s3, settings: { ...settings, allowedSuffixes: ['.jpg'] }, logger, now: () => now, newId: () => id });
    const response = await gifOnly(uploadRequest({ body: fixture('animated-3frames-200x150.gif') }));
    expect(response.statusCode).toBe(415);
  });

  it('replies 415 for binary sent as text (no binary media type: API Gateway passes it mangled)', async () => {
    const response = await handler(uploadRequest({ body: png.toString('latin1') }));
    expect(response.statusCode).toBe(415);
  });

  it('replies a generic 500 when storage fails, with the details only in the logs', async () => {
    const broken = createUploadHandler({ s3, settings: { ...settings, uploadsBucket: 'no-such-bucket' }, logger, now: () => now, newId: () => id });
    const response = await broken(uploadRequest({ body: jpeg }));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: 'InternalError', message: expect.any(String) });
    expect(response.body).not.toMatch(/no-such-bucket|NoSuchBucket/);
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'upload failed' }));
  });
});

describe('upload handler: forms and odd requests', () => {
  /** A form upload as API Gateway passes it when multipart/form-data is a binary media type: base64. */
  async function formUpload(parts: Parameters<typeof multipartForm>[0], headers: Record<string, string> = {}) {
    const { body, contentType } = await multipartForm(parts);
    return uploadRequest({ body, headers: { 'Content-Type': contentType, ...headers } });
  }

  it('takes the one file of a multipart/form-data upload, named by its part, and ignores text fields', async () => {
    const response = await handler(await formUpload([
      { field: 'caption', value: 'at the beach' },
      { field: 'file', value: jpeg, fileName: 'café 写真.jpg', type: 'image/jpeg' },
    ]));

    expect(response.statusCode).toBe(201);
    const key = `images/2026/11/22/${id}-café 写真.jpg`;
    expect(JSON.parse(response.body)).toMatchObject({ key, contentType: 'image/jpeg', bytes: jpeg.length });
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(jpeg)).toBe(true);
  });

  it('lets X-Filename name a form upload, and sniffs the type whatever the part says', async () => {
    const response = await handler(await formUpload([{ field: 'image', value: png, fileName: 'blob', type: 'image/jpeg' }], { 'X-Filename': 'logo.png' }));
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ key: `images/2026/11/22/${id}-logo.png`, contentType: 'image/png' });
  });

  it.each([
    ['two files', [{ field: 'a', value: jpeg, fileName: 'a.jpg' }, { field: 'b', value: png, fileName: 'b.png' }], /the form has 2 files; send one image as a file field \(curl -F file=@photo\.jpg/],
    ['no file part', [{ field: 'caption', value: 'no picture' }], /the form has no file part; send one image as a file field/],
  ] as const)('replies 400 with what to send for a form with %s, and stores nothing', async (_label, parts, message) => {
    const response = await handler(await formUpload(parts));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'BadForm', message: expect.stringMatching(message) });
    expect(await storedKeys()).toEqual([]);
  });

  it('replies 400 for a form cut off before its end', async () => {
    const { body, contentType } = await multipartForm([{ field: 'file', value: jpeg, fileName: 'a.jpg' }]);
    const response = await handler(uploadRequest({ body: body.subarray(0, body.length - 100), headers: { 'Content-Type': contentType } }));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'BadForm', message: expect.stringMatching(/^the multipart\/form-data body is malformed \(Unexpected end of (multipart|form)/) });
  });

  it('replies 415 saying what to do when a form arrives as text (multipart/form-data not a binary media type), instead of calling the JPEG unsupported', async () => {
    const { body, contentType } = await multipartForm([{ field: 'file', value: jpeg, fileName: 'x.jpg', type: 'image/jpeg' }]);
    const response = await handler(uploadRequest({ body: body.toString('utf8'), headers: { 'Content-Type': contentType } }));

    expect(response.statusCode).toBe(415);
    const reply = JSON.parse(response.body) as { error: string; message: string };
    expect(reply.error).toBe('UnsupportedMediaType');
    expect(reply.message).toMatch(/not one of the API's binary media types/);
    expect(reply.message).toMatch(/curl --data-binary @photo\.jpg/);
    expect(reply.message).not.toMatch(/not a supported image/);
    expect(await storedKeys()).toEqual([]);
  });

  it('reads a raw UTF-8 X-Filename the way Node and HTTP deliver it (one byte per character)', async () => {
    const asDelivered = Buffer.from('café 写真.jpg', 'utf8').toString('latin1');
    const response = await handler(uploadRequest({ body: jpeg, headers: { 'X-Filename': asDelivered } }));
    expect(JSON.parse(response.body).key).toBe(`images/2026/11/22/${id}-café 写真.jpg`);
  });

  it('tells a curl -d upload (form-encoded text) to use --data-binary', async () => {
    const response = await handler(uploadRequest({ body: jpeg.toString('latin1').replace(/[\r\n]/g, ''), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }));
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body).message).toMatch(/curl -d\) loses the file's bytes: send it with curl --data-binary @photo\.jpg/);
  });
});
