import { readFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcessingSpec } from '../../../config/index.js';
import { outputKeysFor, processImage } from '../../../functions/core/index.js';
import { createProcessHandler, type ProcessHandler } from '../../../functions/process/create-handler.js';
import type { ProcessSummary } from '../../../functions/process/direct-event.js';
import { defaultCacheControl } from '../../../functions/process/settings.js';
import { fakeContext } from '../../support/context.js';
import { startEmulator, type Emulator } from '../../support/emulator.js';
import { eventFixtures, fixtureEventsDir, fixtureImagesDir } from '../../support/event-fixtures.js';
import { sample } from '../../support/events.js';
import { recordingLogger } from '../../support/logger.js';

// The sample events, run through the handler with the real processing core (sharp).
const outputsBucket = 'imgpipe-dev-outputs-123456789012';
const keyContext = { triggerPrefix: 'images/', outputPrefix: '' };
const spec = resolveProcessingSpec('seed-contain400', { maxInputPixels: 40_000_000, maxInputBytes: 8 << 20 });

let server: Emulator;
let s3: S3Client;
let handler: ProcessHandler;
let logger: ReturnType<typeof recordingLogger>;

beforeAll(async () => {
  ({ server, s3 } = await startEmulator([sample.uploadsBucket, outputsBucket]));
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.reset();
  logger = recordingLogger();
  handler = createProcessHandler({
    s3,
    core: { processImage },
    logger,
    settings: { outputBucket: outputsBucket, processing: spec, cacheControl: defaultCacheControl, ...keyContext },
  });
});

function eventOf(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, fixtureEventsDir), 'utf8'));
}

/** Uploads the fixture image each key names (by base name) under that key. */
async function uploadImagesFor(keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    const base = key.split('/').pop()!;
    const path = base === 'truncated.jpg' ? `hostile/${base}` : base;
    await s3.send(new PutObjectCommand({ Bucket: sample.uploadsBucket, Key: key, Body: readFileSync(new URL(path, fixtureImagesDir)) }));
  }
}

async function outputKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: outputsBucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

const expectedOutputs = (keys: readonly string[]) => keys.flatMap((key) => outputKeysFor(key, spec, keyContext)).sort();

describe('replaying fixtures/events with the real core', () => {
  it('sqs-batch.json: every object processed, test event and delete ignored, nothing failed', async () => {
    const { keys } = eventFixtures['sqs-batch.json']!;
    await uploadImagesFor(keys);
    const reply = await handler(eventOf('sqs-batch.json'), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [] });
    expect(await outputKeys()).toEqual(expectedOutputs(keys));
  });

  it('writes PNGs that fit inside 400x400 (seed-contain400), oriented by EXIF', async () => {
    const { keys } = eventFixtures['sqs-batch.json']!;
    await uploadImagesFor(keys);
    await handler(eventOf('sqs-batch.json'), fakeContext());
    const rotated = outputKeysFor('images/phone uploads/exif-orientation-6.jpg', spec, keyContext)[0]!;
    const got = await s3.send(new GetObjectCommand({ Bucket: outputsBucket, Key: rotated }));
    const meta = await sharp(Buffer.from(await got.Body!.transformToByteArray())).metadata();
    const source = await sharp(readFileSync(new URL('exif-orientation-6.jpg', fixtureImagesDir))).metadata();
    expect(meta.format).toBe('png');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(400);
    // Orientation 6 swaps the stored axes: the output's long side follows the displayed image.
    expect(meta.width! > meta.height!).toBe(source.height! > source.width!);
  });

  it.each(['s3-put.json', 'sqs-s3-put.json', 'sqs-sns-s3-put.json', 'eventbridge-object-created.json', 'direct-input.json'])('%s: outputs land under the decoded key', async (name) => {
    const { keys } = eventFixtures[name]!;
    await uploadImagesFor(keys);
    const reply = await handler(eventOf(name), fakeContext());
    if ('batchItemFailures' in (reply as object)) expect(reply).toEqual({ batchItemFailures: [] });
    else expect((reply as ProcessSummary).ok).toBe(true);
    expect(await outputKeys()).toEqual(expectedOutputs(keys));
  });

  it('sqs-s3-put-truncated.json: the message fails (single-message batch: all return to the queue) with CorruptImage logged', async () => {
    await uploadImagesFor(eventFixtures['sqs-s3-put-truncated.json']!.keys);
    await expect(handler(eventOf('sqs-s3-put-truncated.json'), fakeContext())).rejects.toThrow(/All records failed/);
    expect(logger.entries.find((e) => e.message === 'failed')?.fields).toMatchObject({ key: 'images/bad uploads/truncated.jpg', code: 'CorruptImage', retryable: false });
    expect(await outputKeys()).toEqual([]);
  });
});
