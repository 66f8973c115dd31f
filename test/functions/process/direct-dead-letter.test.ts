import { PutObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcessingSpec } from '../../../config/index.js';
import { createProcessHandler } from '../../../functions/process/create-handler.js';
import { sqsDeadLetterSink } from '../../../functions/process/dead-letter.js';
import type { ProcessDeps } from '../../../functions/process/deps.js';
import type { ProcessSummary } from '../../../functions/process/direct-event.js';
import { defaultCacheControl, type ProcessSettings } from '../../../functions/process/settings.js';
import { fakeContext } from '../../support/context.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../../support/emulator.js';
import { directInput, s3Event, s3Put, s3Record, sample } from '../../support/events.js';
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
const requestId = '5f0c2a51-6f3e-4d8a-9d0e-0a4c1e2b3c4d';

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

async function upload(key: string, body: string) {
  await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: body }));
  return { key, size: Buffer.byteLength(body) };
}

async function deadLetters(): Promise<{ body: string; attributes: Record<string, string> }[]> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
  return Messages.map((m) => ({
    body: m.Body ?? '',
    attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? ''])),
  }));
}

async function outputKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: outputsBucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

const context = () => fakeContext({ awsRequestId: requestId });

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
