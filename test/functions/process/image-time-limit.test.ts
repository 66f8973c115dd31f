import { readFileSync } from 'node:fs';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcessingSpec } from '../../../config/index.js';
import { processImage } from '../../../functions/core/index.js';
import { createProcessHandler } from '../../../functions/process/create-handler.js';
import { sqsDeadLetterSink } from '../../../functions/process/dead-letter.js';
import type { ProcessDeps } from '../../../functions/process/deps.js';
import { imageTimeLimit } from '../../../functions/process/image-time-limit.js';
import { defaultCacheControl, type ProcessSettings } from '../../../functions/process/settings.js';
import { manyScanJpeg, maxLegalScans } from '../../../scripts/fixtures/progressive-jpeg.js';
import { fakeContext } from '../../support/context.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../../support/emulator.js';
import { s3Put, sample, sqsEvent, sqsRecord } from '../../support/events.js';
import { recordingLogger } from '../../support/logger.js';

describe('imageTimeLimit', () => {
  it("is the image's own budget, conclusive, when the invocation has it to spare after the reserve", () => {
    expect(imageTimeLimit(30, () => 59_000)).toEqual({ ms: 30_000, conclusive: true });
  });

  it('is what the invocation has left after the reserve, not conclusive, when that is less', () => {
    expect(imageTimeLimit(30, () => 20_000)).toEqual({ ms: 15_000, conclusive: false });
    expect(imageTimeLimit(30, () => 2_000)).toEqual({ ms: 0, conclusive: false });
  });

  it('keeps the reserve to half the budget for short functions', () => {
    expect(imageTimeLimit(1, () => 1_600)).toEqual({ ms: 1_000, conclusive: true });
  });

  it('is the budget when there is no invocation clock (the CLI)', () => {
    expect(imageTimeLimit(30)).toEqual({ ms: 30_000, conclusive: true });
  });
});

describe('process function: decoding cost and time', () => {
  const uploads = sample.uploadsBucket;
  const outputsBucket = 'imgpipe-dev-outputs-123456789012';
  const settings: ProcessSettings = {
    outputBucket: outputsBucket,
    outputPrefix: '',
    triggerPrefix: 'images/',
    cacheControl: defaultCacheControl,
    processing: resolveProcessingSpec({ variants: [{ name: 'thumb', width: 100, height: 100, formats: ['jpeg'] }] }, { maxInputPixels: 70_000_000, maxInputBytes: 8 << 20, imageTimeLimitSeconds: 30 }),
  };
  let server: Emulator;
  let s3: S3Client;
  let sqs: SQSClient;
  let dlqUrl: string;
  let deps: ProcessDeps;

  beforeAll(async () => {
    let endpoint: string;
    ({ server, s3, endpoint } = await startEmulator([uploads, outputsBucket]));
    sqs = new SQSClient({ endpoint, region: testRegion, credentials: testCredentials });
  });
  afterAll(async () => {
    sqs.destroy();
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    for (const bucket of [uploads, outputsBucket]) server.createBucket(bucket);
    dlqUrl = server.createQueue('imgpipe-dev-process-dlq').queueUrl;
    deps = { s3, core: { processImage }, settings, logger: recordingLogger(), deadLetter: sqsDeadLetterSink(sqs, dlqUrl) };
  });

  async function upload(key: string, body: Buffer) {
    await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: body }));
    return { key, size: body.length };
  }

  async function deadLetterCodes(): Promise<string[]> {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    return Messages.map((m) => m.MessageAttributes?.ErrorCode?.StringValue ?? '');
  }

  it('moves a many-scan JPEG to the dead-letter queue at once, and processes the good image beside it', async () => {
    const costly = await upload('images/costly.jpg', manyScanJpeg({ width: 8000, height: 8000, components: 1, scans: maxLegalScans(1) }));
    const good = await upload('images/good.jpg', readFileSync(new URL('../../../fixtures/images/photo-640x480.jpg', import.meta.url)));

    const reply = await createProcessHandler(deps)(sqsEvent(sqsRecord(s3Put(costly), 'm-costly'), sqsRecord(s3Put(good), 'm-good')), fakeContext());

    expect(reply).toEqual({ batchItemFailures: [] });
    expect(await deadLetterCodes()).toEqual(['TooCostlyToDecode']);
    const output = await s3.send(new HeadObjectCommand({ Bucket: outputsBucket, Key: 'good/thumb.jpg' }));
    expect(output.ContentType).toBe('image/jpeg');
  });

  it('hands an image back to the queue, not to the DLQ, when the invocation has too little time left for it', async () => {
    const good = await upload('images/late.jpg', readFileSync(new URL('../../../fixtures/images/photo-640x480.jpg', import.meta.url)));
    const nearlyOver = fakeContext({ getRemainingTimeInMillis: () => 3_000 });

    const reply = await createProcessHandler(deps)(sqsEvent(sqsRecord(s3Put(good), 'm-late'), sqsRecord(s3Put(good), 'm-late-2')), nearlyOver).catch((error: Error) => error);

    // Every record failed retryably: Powertools throws FullBatchFailureError, and SQS redelivers both.
    expect(reply).toBeInstanceOf(Error);
    expect((reply as Error).name).toBe('FullBatchFailureError');
    expect(await deadLetterCodes()).toEqual([]);
  });
});
