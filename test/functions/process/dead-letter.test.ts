import { readFileSync } from 'node:fs';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcessingSpec } from '../../../config/index.js';
import { processImage } from '../../../functions/core/index.js';
import { createProcessHandler } from '../../../functions/process/create-handler.js';
import { maxErrorMessageLength, sqsAttributeText, sqsDeadLetterSink, type DeadLetterSink } from '../../../functions/process/dead-letter.js';
import type { ProcessDeps } from '../../../functions/process/deps.js';
import type { ProcessSummary } from '../../../functions/process/direct-event.js';
import { defaultCacheControl, type ProcessSettings } from '../../../functions/process/settings.js';
import { createSqsRecordHandler } from '../../../functions/process/sqs-record-handler.js';
import { manyScanJpeg, maxLegalScans } from '../../../scripts/fixtures/progressive-jpeg.js';
import { fakeContext } from '../../support/context.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../../support/emulator.js';
import { directInput, s3Event, s3Put, s3Record, sample, snsEnvelope, sqsEvent, sqsRecord } from '../../support/events.js';
import { corruptMarker, fakeCore } from '../../support/fake-core.js';
import { recordingLogger } from '../../support/logger.js';

const uploads = sample.uploadsBucket;
const outputsBucket = 'imgpipe-dev-outputs-123456789012';
const settings: ProcessSettings = {
  outputBucket: outputsBucket,
  outputPrefix: '',
  triggerPrefix: 'images/',
  cacheControl: defaultCacheControl,
  processing: resolveProcessingSpec({ variants: [{ name: 'thumb', width: 100, height: 100, formats: ['jpeg'] }] }, { maxInputPixels: 1_000_000, maxInputBytes: 1024 }),
};

let server: Emulator;
let s3: S3Client;
let sqs: SQSClient;
let dlqUrl: string;
let logger: ReturnType<typeof recordingLogger>;
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
  logger = recordingLogger();
  deps = { s3, core: fakeCore(), settings, logger, deadLetter: sqsDeadLetterSink(sqs, dlqUrl) };
});

async function upload(key: string, body: string | Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: body }));
  return { key, size: Buffer.byteLength(body) };
}

/** Every message in the DLQ with its string attributes (the messages stay hidden afterwards; each test has its own queue). */
async function deadLetters(): Promise<{ body: string; attributes: Record<string, string> }[]> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
  return Messages.map((m) => ({
    body: m.Body ?? '',
    attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? ''])),
  }));
}

describe('process function: messages no retry can fix go to the dead-letter queue at once', () => {
  it('moves a hostile image with its original body and the reason as attributes, and reports it handled', async () => {
    const bad = await upload('images/holiday/broken photo.jpg', `${corruptMarker} bytes`);
    const good = await upload('images/holiday/fine.jpg', 'pixels');
    const badRecord = { ...sqsRecord(s3Put(bad), 'm-bad'), attributes: { ...sqsRecord(s3Put(bad)).attributes, ApproximateReceiveCount: '2' } };
    const handler = createProcessHandler(deps);

    const reply = (await handler(sqsEvent(badRecord, sqsRecord(s3Put(good), 'm-good')), fakeContext())) as SQSBatchResponse;

    expect(reply).toEqual({ batchItemFailures: [] });
    const dead = await deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]?.body).toBe(badRecord.body);
    expect(dead[0]?.attributes).toEqual({
      ErrorCode: 'CorruptImage',
      ErrorMessage: 'images/holiday/broken photo.jpg: the image data is truncated or corrupt (fake decoder refused it)',
      SourceKey: 'images/holiday/broken photo.jpg',
      SourceBucket: uploads,
      SourceMessageId: 'm-bad',
      FailedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      ApproximateReceiveCount: '2',
    });
    expect(logger.entries).toContainEqual({
      level: 'warn',
      message: 'moved to dead-letter queue',
      fields: expect.objectContaining({ messageId: 'm-bad', key: 'images/holiday/broken photo.jpg', code: 'CorruptImage', reason: expect.stringContaining('corrupt') }),
    });
  });

  it('moves a message whose only record is bad without failing the batch (no FullBatchFailureError)', async () => {
    const bad = await upload('images/alone.jpg', corruptMarker);
    const reply = await createProcessHandler(deps)(sqsEvent(sqsRecord(s3Put(bad), 'm-alone')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [] });
    expect((await deadLetters()).map((m) => m.attributes.SourceMessageId)).toEqual(['m-alone']);
  });

  it('names the first failure in ErrorCode and SourceKey when a message carried several bad objects', async () => {
    const corrupt = await upload('images/two.jpg', corruptMarker);
    const record = sqsRecord(s3Event(s3Record({ key: 'images/gone.jpg', size: 5 }), s3Record(corrupt)), 'm-several');
    await createSqsRecordHandler(deps)(record);
    const [dead] = await deadLetters();
    expect(dead?.attributes).toMatchObject({ ErrorCode: 'SourceMissing', SourceKey: 'images/gone.jpg', SourceMessageId: 'm-several' });
    expect(dead?.attributes.ErrorMessage).toMatch(/images\/gone\.jpg \(SourceMissing: .*images\/two\.jpg \(CorruptImage/);
  });

  it('moves an unreadable message with the reason and no source key', async () => {
    const outcome = await createSqsRecordHandler(deps)(sqsRecord('not json', 'm-junk'));
    expect(outcome.deadLettered).toMatchObject({ code: 'UnrecognisedEvent' });
    const [dead] = await deadLetters();
    expect(dead?.body).toBe('not json');
    expect(dead?.attributes).toMatchObject({ ErrorCode: 'UnrecognisedEvent', SourceMessageId: 'm-junk' });
    expect(dead?.attributes.SourceKey).toBeUndefined();
  });

  it.each([
    ['an SNS envelope without its Message', () => {
      const envelope: Record<string, unknown> = { ...snsEnvelope(s3Put({ key: 'images/a.jpg' })) };
      delete envelope.Message;
      return envelope;
    }, /SNS envelope: Message: /],
    ['an S3 record without s3.object', () => {
      const record = s3Record({ key: 'images/a.jpg' });
      return { Records: [{ ...record, s3: { ...record.s3, object: undefined } }] };
    }, /S3 notification: Records\[0\]\.s3\.object: /],
  ])('moves a message carrying %s at once, naming the field, instead of retrying it', async (_, body, reason) => {
    const record = sqsRecord(body(), 'm-shape');

    const outcome = await createSqsRecordHandler(deps)(record);

    expect(outcome.deadLettered).toMatchObject({ code: 'UnrecognisedEvent' });
    const [dead] = await deadLetters();
    expect(dead?.body).toBe(record.body);
    expect(dead?.attributes).toMatchObject({ ErrorCode: 'UnrecognisedEvent', SourceMessageId: 'm-shape' });
    expect(dead?.attributes.ErrorMessage).toMatch(reason);
  });

  it('keeps a retryable failure in batchItemFailures for SQS to redeliver, and sends nothing to the DLQ', async () => {
    // The bucket is missing: S3 refuses the GetObject with an error a later delivery may get past.
    const good = await upload('images/lucky.jpg', 'pixels');
    const unlucky = sqsRecord(s3Put({ key: 'images/unlucky.jpg', bucket: 'no-such-uploads-bucket', size: 6 }), 'm-retry');
    const reply = await createProcessHandler(deps)(sqsEvent(unlucky, sqsRecord(s3Put(good), 'm-good')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-retry' }] });
    expect(await deadLetters()).toEqual([]);
    expect(logger.entries.find((e) => e.message === 'failed')?.fields).toMatchObject({ key: 'images/unlucky.jpg', retryable: true });
  });

  it('retries the whole message when a bad object shares it with a retryable failure', async () => {
    const corrupt = await upload('images/mixed/bad.jpg', corruptMarker);
    const record = sqsRecord(s3Event(s3Record(corrupt), s3Record({ key: 'images/mixed/elsewhere.jpg', bucket: 'no-such-uploads-bucket', size: 5 })), 'm-mixed');
    await expect(createSqsRecordHandler(deps)(record)).rejects.toThrow(/2 object\(s\) failed/);
    expect(await deadLetters()).toEqual([]);
  });

  it('reports the message failed when the move to the DLQ fails, so nothing is lost', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const good = await upload('images/good.jpg', 'pixels');
    const brokenSink: DeadLetterSink = sqsDeadLetterSink(sqs, `${server.address}/000000000000/no-such-dlq`);
    const handler = createProcessHandler({ ...deps, deadLetter: brokenSink });
    const reply = await handler(sqsEvent(sqsRecord(s3Put(bad), 'm-bad'), sqsRecord(s3Put(good), 'm-good')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    expect(logger.entries.some((e) => e.message === 'moved to dead-letter queue')).toBe(false);
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'could not move to dead-letter queue', fields: expect.objectContaining({ messageId: 'm-bad', code: 'CorruptImage' }) }));
  });

  it('without a dead-letter sink, fails a bad image as before (the queue redrives it)', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const { deadLetter: _unused, ...withoutSink } = deps;
    await expect(createSqsRecordHandler(withoutSink)(sqsRecord(s3Put(bad), 'm-bad'))).rejects.toThrow(/CorruptImage/);
    expect(await deadLetters()).toEqual([]);
  });
});

const requestId = '5f0c2a51-6f3e-4d8a-9d0e-0a4c1e2b3c4d';
const context = () => fakeContext({ awsRequestId: requestId });

async function outputKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: outputsBucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

describe('process function invoked by S3 directly: a bad image goes to the dead-letter queue at once', () => {
  it('moves the bad image with its S3 record and reason, processes the good one, and does not throw', async () => {
    const bad = await upload("images/trip 2026/l'été+1 ünï.jpg", corruptMarker);
    const good = await upload('images/trip 2026/fine.jpg', 'pixels');
    const badRecord = s3Record(bad);
    const event = s3Event(badRecord, s3Record(good));

    const reply = (await createProcessHandler(deps)(event, context())) as ProcessSummary;

    expect(reply).toMatchObject({ ok: false, failed: [{ key: "images/trip 2026/l'été+1 ünï.jpg", code: 'CorruptImage' }], processed: [{ key: 'images/trip 2026/fine.jpg' }] });
    expect(await outputKeys()).toEqual(['trip 2026/fine/thumb.jpg']);
    const dead = await deadLetters();
    expect(dead).toHaveLength(1);
    // The record as S3 sent it (key still URL-encoded): the body is a notification of its own that replay can deliver again.
    expect(JSON.parse(dead[0]!.body)).toEqual({ Records: [badRecord] });
    expect(badRecord.s3.object.key).toBe('images/trip+2026/l%27%C3%A9t%C3%A9%2B1+%C3%BCn%C3%AF.jpg');
    expect(dead[0]?.attributes).toEqual({
      ErrorCode: 'CorruptImage',
      ErrorMessage: "images/trip 2026/l'été+1 ünï.jpg: the image data is truncated or corrupt (fake decoder refused it)",
      SourceKey: "images/trip 2026/l'été+1 ünï.jpg",
      SourceBucket: uploads,
      SourceRequestId: requestId,
      FailedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(logger.entries).toContainEqual({ level: 'warn', message: 'moved to dead-letter queue', fields: expect.objectContaining({ key: "images/trip 2026/l'été+1 ünï.jpg", code: 'CorruptImage', requestId }) });
  });

  it('moves each bad object of an event with several on its own', async () => {
    const one = await upload('images/one.jpg', corruptMarker);
    const two = await upload('images/two.jpg', `${corruptMarker} too`);
    await createProcessHandler(deps)(s3Event(s3Record(one), s3Record(two)), context());
    expect((await deadLetters()).map((m) => m.attributes.SourceKey).sort()).toEqual(['images/one.jpg', 'images/two.jpg']);
  });

  it('throws a retryable failure after trying every object, and moves nothing, so Lambda retries the event', async () => {
    const good = await upload('images/lucky.jpg', 'pixels');
    const corrupt = await upload('images/corrupt.jpg', corruptMarker);
    const event = s3Event(s3Record({ key: 'images/unlucky.jpg', bucket: 'no-such-uploads-bucket', size: 6 }), s3Record(corrupt), s3Record(good));

    await expect(createProcessHandler(deps)(event, context())).rejects.toThrow(/2 object\(s\) failed: images\/unlucky\.jpg .*images\/corrupt\.jpg \(CorruptImage/);

    expect(await outputKeys()).toEqual(['lucky/thumb.jpg']);
    expect(await deadLetters()).toEqual([]);
  });

  it('throws when the move to the dead-letter queue fails, so the event is retried rather than lost', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const handler = createProcessHandler({ ...deps, deadLetter: sqsDeadLetterSink(sqs, `${server.address}/000000000000/no-such-dlq`) });
    await expect(handler(s3Put(bad), context())).rejects.toThrow();
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'could not move to dead-letter queue', fields: expect.objectContaining({ key: 'images/bad.jpg', code: 'CorruptImage' }) }));
  });

  it('without DEAD_LETTER_QUEUE_URL, throws the bad image as before', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const { deadLetter: _unused, ...withoutSink } = deps;
    await expect(createProcessHandler(withoutSink)(s3Put(bad), context())).rejects.toThrow(/images\/bad\.jpg \(CorruptImage/);
    expect(await deadLetters()).toEqual([]);
  });

  it('answers a Step Functions input ok:false and moves nothing: its Fail state carries the reason', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const reply = (await createProcessHandler(deps)(directInput(bad), context())) as ProcessSummary;
    expect(reply).toMatchObject({ ok: false, failed: [{ key: 'images/bad.jpg', code: 'CorruptImage' }] });
    expect(await deadLetters()).toEqual([]);
  });
});

describe('process function: the real core, decoding cost and the invocation clock', () => {
  const photo = readFileSync(new URL('../../../fixtures/images/photo-640x480.jpg', import.meta.url));
  const realCore = (): ProcessDeps => ({
    ...deps,
    core: { processImage },
    settings: { ...settings, processing: { ...settings.processing, maxInputPixels: 70_000_000, maxInputBytes: 8 << 20, imageTimeLimitSeconds: 30 } },
  });

  it('moves a many-scan JPEG to the dead-letter queue at once, and processes the good image beside it', async () => {
    const costly = await upload('images/costly.jpg', manyScanJpeg({ width: 8000, height: 8000, components: 1, scans: maxLegalScans(1) }));
    const good = await upload('images/good.jpg', photo);

    const reply = await createProcessHandler(realCore())(sqsEvent(sqsRecord(s3Put(costly), 'm-costly'), sqsRecord(s3Put(good), 'm-good')), fakeContext());

    expect(reply).toEqual({ batchItemFailures: [] });
    expect((await deadLetters()).map((m) => [m.attributes.SourceMessageId, m.attributes.ErrorCode])).toEqual([['m-costly', 'TooCostlyToDecode']]);
    const output = await s3.send(new HeadObjectCommand({ Bucket: outputsBucket, Key: 'good/thumb.jpg' }));
    expect(output.ContentType).toBe('image/jpeg');
  });

  it('hands images back to the queue, not to the DLQ, when the invocation has too little time left for them', async () => {
    const late = await upload('images/late.jpg', photo);
    const nearlyOver = fakeContext({ getRemainingTimeInMillis: () => 3_000 });

    const reply = await createProcessHandler(realCore())(sqsEvent(sqsRecord(s3Put(late), 'm-late'), sqsRecord(s3Put(late), 'm-late-2')), nearlyOver).catch((error: Error) => error);

    // Every record failed retryably (OutOfTime): Powertools throws FullBatchFailureError and SQS redelivers both.
    expect((reply as Error).name).toBe('FullBatchFailureError');
    expect(await deadLetters()).toEqual([]);
    expect(logger.entries.filter((e) => e.message === 'failed').map((e) => e.fields)).toEqual([
      expect.objectContaining({ key: 'images/late.jpg', code: 'OutOfTime', retryable: true }),
      expect.objectContaining({ key: 'images/late.jpg', code: 'OutOfTime', retryable: true }),
    ]);
  });
});

describe('sqsAttributeText', () => {
  it('cuts a long reason to the limit and marks the cut', () => {
    const text = sqsAttributeText(`images/${'x'.repeat(3000)}.jpg: not a supported image`);
    expect([...text]).toHaveLength(maxErrorMessageLength);
    expect(text.endsWith('…')).toBe(true);
  });

  it('replaces characters SQS refuses in attribute values and keeps other Unicode', () => {
    expect(sqsAttributeText('images/a\u0001b\u0000/日本 😀.jpg')).toBe('images/a\uFFFDb\uFFFD/日本 😀.jpg');
    expect(sqsAttributeText('')).toBe('(empty)');
  });
});
