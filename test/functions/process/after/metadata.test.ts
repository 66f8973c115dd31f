import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessAfterEnv } from '../../../../config/index.js';
import { processImage } from '../../../../functions/core/index.js';
import { createProcessHandler } from '../../../../functions/process/create-handler.js';
import type { ProcessSummary } from '../../../../functions/process/direct-event.js';
import type { ImageRecord } from '../../../../functions/shared/image-record.js';
import { fixture } from '../../../core/helpers.js';
import { fakeContext } from '../../../support/context.js';
import { directInput, eventBridgeS3Event, s3Put, sqsEvent, sqsRecord } from '../../../support/events.js';
import { corruptMarker } from '../../../support/fake-core.js';
import { AfterStepsWorld, outputsBucket, uploads } from './harness.js';

const world = new AfterStepsWorld();
beforeAll(() => world.start());
afterAll(() => world.stop());
beforeEach(() => world.reset());

const objectStore: ProcessAfterEnv = { metadata: { store: 'object', prefix: 'metadata/' } };
const tableStore = (): ProcessAfterEnv => ({ metadata: { store: 'table', tableName: world.table } });
const realCore = { processImage };

async function storedRecord(key: string): Promise<ImageRecord> {
  return JSON.parse((await world.read(key)).body.toString('utf8')) as ImageRecord;
}

async function tableItems(): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await world.dynalite.dynamodb.send(new ScanCommand({ TableName: world.table }));
  return Items.map((item) => unmarshall(item));
}

describe('metadata: one record per processed image, written last', () => {
  it('writes one JSON record per processed image and none for a bad one in the same batch', async () => {
    const good = await world.upload('images/a/good photo.jpg', 'pixels');
    const bad = await world.upload('images/a/broken.jpg', `${corruptMarker} bytes`);
    const other = await world.upload('images/b/日本.png', 'more pixels');
    const reply = await world.handler(objectStore)(
      sqsEvent(sqsRecord(s3Put(good), 'm-good'), sqsRecord(s3Put(bad), 'm-bad'), sqsRecord(s3Put(other), 'm-other')),
      fakeContext(),
    );

    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    expect(await world.keys('metadata/')).toEqual(['metadata/a/good photo.jpg.json', 'metadata/b/日本.png.json']);
    const stored = await world.read('metadata/a/good photo.jpg.json');
    expect(stored.contentType).toBe('application/json');
    expect(stored.body.toString('utf8').endsWith('}\n')).toBe(true);
  });

  it('writes no record, archive or notify message when an output write fails, and the message is retried', async () => {
    const half = await world.upload('images/half.jpg', 'pixels');
    const whole = await world.upload('images/whole.jpg', 'pixels too');
    world.failingKeys.add('half/thumb.jpg');
    const handler = world.handler({ ...objectStore, archive: { prefix: 'zip/', suffixes: ['.jpg'], keepFolders: true }, notify: { queueUrl: world.notifyQueueUrl, subscriptionIds: ['cms'] } });
    const reply = await handler(sqsEvent(sqsRecord(s3Put(half), 'm-half'), sqsRecord(s3Put(whole), 'm-whole')), fakeContext());

    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-half' }] });
    // Its first output was written, the second failed: none of the three after-steps ran for it.
    expect(world.writes.slice(0, 2)).toEqual(['s3:half/thumb.webp', 's3:half/thumb.jpg']);
    expect(await world.keys('metadata/')).toEqual(['metadata/whole.jpg.json']);
    expect(await world.keys('zip/')).toEqual(['zip/whole.jpg.zip']);
    expect((await world.notifyMessages()).map((m) => m.payload.data.source.key)).toEqual(['images/whole.jpg']);
  });

  it('writes a byte-identical record when the message is delivered again', async () => {
    const source = await world.upload('images/again/x.png', 'pixels');
    const event = sqsEvent(sqsRecord(s3Put(source)));
    const handler = world.handler(objectStore);
    await handler(event, fakeContext());
    const first = await world.read('metadata/again/x.png.json');
    expect(await handler(event, fakeContext())).toEqual({ batchItemFailures: [] });
    const second = await world.read('metadata/again/x.png.json');
    expect(second.body.equals(first.body)).toBe(true);
    expect(await world.keys('metadata/')).toEqual(['metadata/again/x.png.json']);
  });

  it('puts one table item per image; a redelivery finds it there and is not an error', async () => {
    const source = await world.upload('images/again/x.png', 'pixels');
    const bad = await world.upload('images/again/bad.png', corruptMarker);
    const event = sqsEvent(sqsRecord(s3Put(source), 'm-ok'), sqsRecord(s3Put(bad), 'm-bad'));
    const handler = world.handler(tableStore());
    expect(await handler(event, fakeContext())).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    const first = await tableItems();
    expect(await handler(event, fakeContext())).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });

    expect(await tableItems()).toEqual(first);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ sourceKey: 'images/again/x.png', etag: source.eTag });
    expect(world.logger.entries.filter((e) => e.level === 'error').map((e) => e.fields.key)).toEqual(['images/again/bad.png', 'images/again/bad.png']);
    // A metadata table keeps no JSON object.
    expect(await world.keys('metadata/')).toEqual([]);
  });

  it('writes the record after every output and after the archive, and notifies after it', async () => {
    const source = await world.upload('images/order/x.png', 'pixels');
    await world.handler({ ...objectStore, archive: { prefix: 'zip/', suffixes: ['.png'], keepFolders: true }, notify: { queueUrl: world.notifyQueueUrl, subscriptionIds: ['a', 'b'] } })(
      sqsEvent(sqsRecord(s3Put(source))),
      fakeContext(),
    );
    expect(world.writes).toEqual(['s3:order/x/thumb.webp', 's3:order/x/thumb.jpg', 's3:zip/order/x.png.zip', 's3:metadata/order/x.png.json', 'sqs:2 messages']);
  });

  it('returns the record location to a direct invocation, and writes it for EventBridge events', async () => {
    const direct = await world.upload('images/direct (1).jpg', 'pixels');
    const bridged = await world.upload('images/bridge/y.jpg', 'other pixels');
    const handler = world.handler(objectStore);
    const reply = (await handler(directInput(direct), fakeContext())) as ProcessSummary;
    expect(reply.processed).toEqual([
      {
        bucket: uploads,
        key: 'images/direct (1).jpg',
        bytes: 6,
        outputs: ['direct (1)/thumb.webp', 'direct (1)/thumb.jpg'],
        metadata: { store: 'object', bucket: outputsBucket, key: 'metadata/direct (1).jpg.json' },
      },
    ]);
    await handler(eventBridgeS3Event(bridged), fakeContext());
    expect(await world.keys('metadata/')).toEqual(['metadata/bridge/y.jpg.json', 'metadata/direct (1).jpg.json']);
  });

  it('says in the processed log line what the steps wrote and how long each took', async () => {
    const source = await world.upload('images/logged.png', 'pixels');
    await world.handler({ ...tableStore(), archive: { prefix: 'zip/', suffixes: ['.png'], keepFolders: true }, notify: { queueUrl: world.notifyQueueUrl, subscriptionIds: ['a', 'b', 'c'] } })(
      sqsEvent(sqsRecord(s3Put(source))),
      fakeContext(),
    );
    const processed = world.logger.entries.find((e) => e.message === 'processed');
    expect(processed?.fields).toMatchObject({
      archive: 'zip/logged.png.zip',
      metadata: { store: 'table', table: world.table, sourceKey: 'images/logged.png', etag: source.eTag },
      notified: 3,
      timings: { archiveMs: expect.any(Number), metadataMs: expect.any(Number), notifyMs: expect.any(Number) },
    });
  });

  it('refuses to build a handler for a metadata table or notify queue without its client', () => {
    const { dynamodb: _dynamodb, sqs: _sqs, ...bare } = world.deps({ ...tableStore(), notify: { queueUrl: world.notifyQueueUrl, subscriptionIds: ['a'] } });
    expect(() => createProcessHandler(bare)).toThrow(/need a DynamoDB client \(METADATA_STORE=table\) and an SQS client \(NOTIFY_QUEUE_URL\)/);
    expect(() => createProcessHandler({ ...bare, settings: world.settings(objectStore) })).not.toThrow();
  });
});

describe('metadata: the record describes the source and the outputs really written', () => {
  it.each(['photo-640x480.jpg', 'alpha-600x400.png', 'exif-orientation-6.jpg'])('%s: fields read back from S3 and the table agree', async (name) => {
    const bytes = fixture(name);
    const source = await world.upload(`images/real/${name}`, bytes);
    const event = sqsEvent(sqsRecord(s3Put(source)));
    expect(await world.handler(objectStore, realCore)(event, fakeContext())).toEqual({ batchItemFailures: [] });
    const written = [...world.writes];
    expect(await world.handler(tableStore(), realCore)(event, fakeContext())).toEqual({ batchItemFailures: [] });

    const record = await storedRecord(`metadata/real/${name}.json`);
    const sourceInfo = await sharp(bytes).metadata();
    const upright = (sourceInfo.orientation ?? 1) >= 5 ? { width: sourceInfo.height, height: sourceInfo.width } : { width: sourceInfo.width, height: sourceInfo.height };
    expect(record.source).toEqual({ bucket: uploads, key: `images/real/${name}`, etag: source.eTag, size: bytes.byteLength, format: sourceInfo.format, ...upright });

    // Every object written is in the record, in the order written, and the record came last.
    expect(written).toEqual([...record.outputs.map((o) => `s3:${o.key}`), `s3:metadata/real/${name}.json`]);
    expect(record.outputs.length).toBeGreaterThan(0);
    for (const output of record.outputs) {
      const { body } = await world.read(output.key);
      const info = await sharp(body).metadata();
      expect({ format: output.format, width: output.width, height: output.height, bytes: output.bytes }).toEqual({
        format: info.format,
        width: info.width,
        height: info.height,
        bytes: body.byteLength,
      });
    }

    const item = await world.dynalite.dynamodb.send(new GetItemCommand({ TableName: world.table, Key: { sourceKey: { S: source.key }, etag: { S: source.eTag } } }));
    expect(unmarshall(item.Item ?? {})).toEqual({ sourceKey: source.key, etag: source.eTag, source: record.source, outputs: record.outputs });
  });
});
