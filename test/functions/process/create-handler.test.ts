import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcessingSpec } from '../../../config/index.js';
import { unquoteETag } from '../../../functions/events/index.js';
import { createProcessHandler, type ProcessHandler } from '../../../functions/process/create-handler.js';
import type { ProcessSummary } from '../../../functions/process/direct-event.js';
import { defaultCacheControl, type ProcessSettings } from '../../../functions/process/settings.js';
import { fakeContext } from '../../support/context.js';
import { startEmulator, type Emulator } from '../../support/emulator.js';
import { directInput, eventBridgeS3Event, s3Event, s3Put, s3Record, s3TestEvent, sample, snsEnvelope, sqsEvent, sqsRecord } from '../../support/events.js';
import { corruptMarker, fakeCore } from '../../support/fake-core.js';
import { recordingLogger } from '../../support/logger.js';

const uploads = sample.uploadsBucket;
const outputsBucket = 'imgpipe-dev-outputs-123456789012';
const maxInputBytes = 64;
const settings: ProcessSettings = {
  outputBucket: outputsBucket,
  outputPrefix: '',
  triggerPrefix: 'images/',
  cacheControl: defaultCacheControl,
  processing: resolveProcessingSpec(
    { variants: [{ name: 'thumb', width: 100, height: 100, formats: ['webp', 'jpeg'] }] },
    { maxInputPixels: 1_000_000, maxInputBytes },
  ),
};

let server: Emulator;
let s3: S3Client;
let core: ReturnType<typeof fakeCore>;
let logger: ReturnType<typeof recordingLogger>;
let handler: ProcessHandler;

beforeAll(async () => {
  ({ server, s3 } = await startEmulator([uploads, outputsBucket]));
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.reset();
  core = fakeCore();
  logger = recordingLogger();
  handler = createProcessHandler({ s3, core, settings, logger });
});

async function upload(key: string, body: string): Promise<{ key: string; size: number; eTag: string }> {
  const put = await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: body }));
  return { key, size: Buffer.byteLength(body), eTag: unquoteETag(put.ETag ?? '') };
}

async function outputKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: outputsBucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function readOutput(key: string) {
  const got = await s3.send(new GetObjectCommand({ Bucket: outputsBucket, Key: key }));
  return { body: await got.Body!.transformToString(), got };
}

describe('process handler: SQS batches', () => {
  it('reports exactly the failed messages and writes the outputs of the others', async () => {
    const good = await upload('images/summer holiday/beach (1).jpg', 'good-image');
    const bad = await upload('images/c++ notes/broken.jpg', `${corruptMarker} bytes`);
    const other = await upload('images/2026/café crème.png', 'other-image');
    const event = sqsEvent(sqsRecord(s3Put(good), 'm-good'), sqsRecord(s3Put(bad), 'm-bad'), sqsRecord(snsEnvelope(s3Put(other)), 'm-other'));

    const reply = (await handler(event, fakeContext())) as SQSBatchResponse;

    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    expect(await outputKeys()).toEqual([
      '2026/café crème/thumb.jpg',
      '2026/café crème/thumb.webp',
      'summer holiday/beach (1)/thumb.jpg',
      'summer holiday/beach (1)/thumb.webp',
    ]);
  });

  it('reads the bucket and the decoded key from the event', async () => {
    const source = await upload('images/a+b (2)/日本.jpg', 'pixels');
    await handler(sqsEvent(sqsRecord(s3Put(source))), fakeContext());
    expect(core.calls).toHaveLength(1);
    expect(core.calls[0]?.input.toString()).toBe('pixels');
    expect(core.calls[0]?.options.sourceKey).toBe('images/a+b (2)/日本.jpg');
  });

  it('writes each output with its content type, cache control and ASCII source metadata', async () => {
    const source = await upload('images/été/photo (1).jpg', 'pixels');
    await handler(sqsEvent(sqsRecord(s3Put(source))), fakeContext());

    const { body, got } = await readOutput('été/photo (1)/thumb.webp');
    expect(body).toContain('thumb.webp of');
    expect(got.ContentType).toBe('image/webp');
    expect(got.CacheControl).toBe('public, max-age=31536000, immutable');
    expect(got.Metadata).toMatchObject({
      'source-bucket': uploads,
      'source-key': 'images%2F%C3%A9t%C3%A9%2Fphoto%20(1).jpg',
      'source-etag': source.eTag,
      variant: 'thumb',
    });
    expect(decodeURIComponent(got.Metadata?.['source-key'] ?? '')).toBe('images/été/photo (1).jpg');
  });

  it('writes identical outputs when a message is delivered twice', async () => {
    const source = await upload('images/again.jpg', 'pixels');
    const event = sqsEvent(sqsRecord(s3Put(source)));
    await handler(event, fakeContext());
    const first = await readOutput('again/thumb.jpg');
    await handler(event, fakeContext());
    const second = await readOutput('again/thumb.jpg');
    expect(second.body).toBe(first.body);
    expect(second.got.Metadata).toEqual(first.got.Metadata);
    expect(second.got.ETag).toBe(first.got.ETag);
  });

  it('ignores the s3:TestEvent and a delete without failing or processing', async () => {
    const reply = await handler(sqsEvent(sqsRecord(s3TestEvent(), 'm-test'), sqsRecord({ Records: [s3Record({ key: 'images/x.jpg' }, 'ObjectRemoved:Delete')] }, 'm-del')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [] });
    expect(core.calls).toEqual([]);
    expect(logger.entries.filter((e) => e.message === 'ignored').map((e) => e.fields.messageId)).toEqual(['m-test', 'm-del']);
  });

  it('fails a message when any of the S3 records it carries fails', async () => {
    const good = await upload('images/one.jpg', 'fine');
    const bad = await upload('images/two.jpg', corruptMarker);
    const event = sqsEvent(sqsRecord(s3Event(s3Record(good), s3Record(bad)), 'm-two'), sqsRecord(s3Put(good), 'm-ok'));
    const reply = await handler(event, fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-two' }] });
    expect(await outputKeys()).toEqual(['one/thumb.jpg', 'one/thumb.webp']);
  });

  it('fails an unreadable message and logs why with its messageId', async () => {
    const good = await upload('images/one.jpg', 'fine');
    const reply = await handler(sqsEvent(sqsRecord('not json', 'm-junk'), sqsRecord(s3Put(good), 'm-ok')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-junk' }] });
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'unreadable message', fields: expect.objectContaining({ messageId: 'm-junk' }) }));
  });

  it('logs a bad image with key, code, reason and messageId (the DLQ keeps only the message)', async () => {
    const bad = await upload('images/bad photo.jpg', corruptMarker);
    const good = await upload('images/good.jpg', 'fine');
    await handler(sqsEvent(sqsRecord(s3Put(bad), 'm-bad'), sqsRecord(s3Put(good), 'm-good')), fakeContext());
    const failure = logger.entries.find((e) => e.level === 'error' && e.message === 'failed');
    expect(failure?.fields).toMatchObject({
      key: 'images/bad photo.jpg',
      bucket: uploads,
      messageId: 'm-bad',
      code: 'CorruptImage',
      retryable: false,
      reason: expect.stringContaining('truncated or corrupt'),
    });
  });

  it('logs each processed object with variant count, bytes and timings', async () => {
    const source = await upload('images/timed.jpg', 'twelve bytes');
    await handler(sqsEvent(sqsRecord(s3Put(source), 'm-1')), fakeContext());
    const processed = logger.entries.find((e) => e.message === 'processed');
    expect(processed?.fields).toMatchObject({
      key: 'images/timed.jpg',
      messageId: 'm-1',
      bytes: 12,
      variantCount: 2,
      timings: { decodeMs: 1, encodeMs: 2, s3GetMs: expect.any(Number), s3PutMs: expect.any(Number) },
    });
  });

  it('throws FullBatchFailureError when every message fails, so all return to the queue', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    await expect(handler(sqsEvent(sqsRecord(s3Put(bad), 'a'), sqsRecord('junk', 'b')), fakeContext())).rejects.toBeInstanceOf(FullBatchFailureError);
  });
});

describe('process handler: limits and missing sources', () => {
  // A batch needs one success, or Powertools reports the whole batch failed.
  async function withGoodMessage(record: ReturnType<typeof sqsRecord>) {
    const good = await upload('images/good.jpg', 'fine');
    return sqsEvent(record, sqsRecord(s3Put(good), 'm-good'));
  }

  it('refuses a source larger than maxInputBytes without calling the core', async () => {
    const big = await upload('images/big.jpg', 'x'.repeat(maxInputBytes + 1));
    // The event under-reports the size, so the check must come from the GetObject response.
    const reply = await handler(await withGoodMessage(sqsRecord(s3Put({ ...big, size: 10 }), 'm-big')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-big' }] });
    expect(core.calls.map((c) => c.options.sourceKey)).toEqual(['images/good.jpg']);
    expect(logger.entries.find((e) => e.message === 'failed')?.fields).toMatchObject({ code: 'InputTooLarge', retryable: false });
  });

  it('refuses by the size in the event before downloading', async () => {
    // No object exists: a download attempt would fail with SourceMissing instead.
    const reply = await handler(await withGoodMessage(sqsRecord(s3Put({ key: 'images/huge.jpg', size: 10 ** 9 }), 'm-huge')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-huge' }] });
    expect(logger.entries.find((e) => e.message === 'failed')?.fields).toMatchObject({ code: 'InputTooLarge' });
  });

  it('fails a message whose object no longer exists, saying so', async () => {
    const reply = await handler(await withGoodMessage(sqsRecord(s3Put({ key: 'images/gone.jpg', size: 5 }), 'm-gone')), fakeContext());
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-gone' }] });
    expect(logger.entries.find((e) => e.message === 'failed')?.fields).toMatchObject({ code: 'SourceMissing', reason: expect.stringContaining('images/gone.jpg') });
  });
});

describe('process handler: direct invocations', () => {
  it('processes an S3 notification and returns a summary', async () => {
    const source = await upload('images/direct (1).jpg', 'pixels');
    const reply = (await handler(s3Put(source), fakeContext())) as ProcessSummary;
    expect(reply.ok).toBe(true);
    expect(reply.processed).toEqual([{ bucket: uploads, key: 'images/direct (1).jpg', bytes: 6, outputs: ['direct (1)/thumb.webp', 'direct (1)/thumb.jpg'] }]);
  });

  it('processes every record, then throws naming the failed one so Lambda retries the event', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const good = await upload('images/good.jpg', 'fine');
    await expect(handler(s3Event(s3Record(bad), s3Record(good)), fakeContext())).rejects.toThrow(/images\/bad\.jpg \(CorruptImage/);
    expect(await outputKeys()).toEqual(['good/thumb.jpg', 'good/thumb.webp']);
  });

  it('processes an EventBridge Object Created event with a raw key', async () => {
    const source = await upload('images/a+b %41.jpg', 'pixels');
    const reply = (await handler(eventBridgeS3Event(source), fakeContext())) as ProcessSummary;
    expect(reply.processed[0]?.key).toBe('images/a+b %41.jpg');
    expect(await outputKeys()).toEqual(['a+b %41/thumb.jpg', 'a+b %41/thumb.webp']);
  });

  it('answers Step Functions ok:false with the reason for a bad image instead of throwing', async () => {
    const bad = await upload('images/bad.jpg', corruptMarker);
    const reply = (await handler(directInput(bad), fakeContext())) as ProcessSummary;
    expect(reply).toMatchObject({ ok: false, failed: [{ key: 'images/bad.jpg', code: 'CorruptImage', reason: expect.stringContaining('corrupt') }] });
  });

  it('answers Step Functions ok:true with the outputs', async () => {
    const source = await upload('images/fine.jpg', 'pixels');
    const reply = (await handler(directInput(source), fakeContext())) as ProcessSummary;
    expect(reply).toMatchObject({ ok: true, processed: [{ key: 'images/fine.jpg', outputs: ['fine/thumb.webp', 'fine/thumb.jpg'] }] });
  });

  it('throws for an event of no known shape', async () => {
    await expect(handler({ hello: 'world' }, fakeContext())).rejects.toThrow(/Unrecognised event/);
  });

  it('writes nothing for an ignored delete, and never calls the core', async () => {
    // The object exists: had the delete been taken for an upload, it would have been processed.
    await upload('images/x.jpg', 'pixels');

    const reply = (await handler({ Records: [s3Record({ key: 'images/x.jpg' }, 'ObjectRemoved:Delete')] }, fakeContext())) as ProcessSummary;

    expect(reply).toMatchObject({ ok: true, processed: [], ignored: [{ key: 'images/x.jpg', eventName: 'ObjectRemoved:Delete' }] });
    expect(core.calls).toEqual([]);
    expect(await outputKeys()).toEqual([]);
  });
});
