import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessAfterEnv } from '../../../../config/index.js';
import type { ImageRecord } from '../../../../functions/shared/image-record.js';
import { fakeContext } from '../../../support/context.js';
import { directInput, s3Put, sqsEvent, sqsRecord } from '../../../support/events.js';
import { AfterStepsWorld, outputsBucket, uploads } from './harness.js';

const world = new AfterStepsWorld();
beforeAll(() => world.start());
afterAll(() => world.stop());
beforeEach(() => world.reset());

const withNotify = (subscriptionIds: readonly string[], metadata = true): ProcessAfterEnv => ({
  ...(metadata && { metadata: { store: 'object', prefix: 'metadata/' } }),
  notify: { queueUrl: world.notifyQueueUrl, subscriptionIds },
});

/** The contract's webhook id, computed here from its definition. */
const expectedWebhookId = (key: string, etag: string, subscriptionId: string): string =>
  `msg_${createHash('sha256').update(`${uploads}\n${key}\n${etag}\n${subscriptionId}`).digest('hex').slice(0, 32)}`;

async function processOnce(after: ProcessAfterEnv, source: { key: string; size: number; eTag: string }): Promise<void> {
  expect(await world.handler(after)(sqsEvent(sqsRecord(s3Put(source))), fakeContext())).toEqual({ batchItemFailures: [] });
}

describe('notify messages: one per subscription, after the record', () => {
  it('sends one image.processed message per subscription carrying the stored record and where it is', async () => {
    const source = await world.upload('images/shop/red shoe.jpg', 'pixels');
    const before = Date.now();
    await processOnce(withNotify(['orders-app', 'cms']), source);
    const after = Date.now();

    const record = JSON.parse((await world.read('metadata/shop/red shoe.jpg.json')).body.toString('utf8')) as ImageRecord;
    const messages = await world.notifyMessages();
    expect(messages.map((m) => m.subscriptionId).sort()).toEqual(['cms', 'orders-app']);
    for (const message of messages) {
      expect(message).toEqual({
        subscriptionId: message.subscriptionId,
        webhookId: expectedWebhookId(source.key, source.eTag, message.subscriptionId),
        payload: {
          type: 'image.processed',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          data: { ...record, metadata: { store: 'object', bucket: outputsBucket, key: 'metadata/shop/red shoe.jpg.json' } },
        },
      });
      const sent = Date.parse(message.payload.timestamp);
      expect(sent).toBeGreaterThanOrEqual(before);
      expect(sent).toBeLessThanOrEqual(after);
    }
  });

  it('carries the record without a metadata location when metadata is off', async () => {
    const source = await world.upload('images/plain.jpg', 'pixels');
    await processOnce(withNotify(['cms'], false), source);
    const [message] = await world.notifyMessages();
    expect(message?.payload.data.source).toMatchObject({ bucket: uploads, key: 'images/plain.jpg', etag: source.eTag, size: 6 });
    expect(message?.payload.data.outputs.map((o) => o.key)).toEqual(['plain/thumb.webp', 'plain/thumb.jpg']);
    expect(message?.payload.data).not.toHaveProperty('metadata');
  });

  it('keeps webhookId across redeliveries, and changes it per subscription and per ETag', async () => {
    const first = await world.upload('images/x.png', 'version one');
    await processOnce(withNotify(['a', 'b']), first);
    await processOnce(withNotify(['a', 'b']), first);
    const second = await world.upload('images/x.png', 'version two');
    await processOnce(withNotify(['a', 'b']), second);

    const ids = (await world.notifyMessages()).map((m) => `${m.payload.data.source.etag} ${m.subscriptionId} ${m.webhookId}`).sort();
    expect(first.eTag).not.toBe(second.eTag);
    expect(ids).toEqual(
      [
        ...[0, 1].flatMap(() => ['a', 'b'].map((id) => `${first.eTag} ${id} ${expectedWebhookId('images/x.png', first.eTag, id)}`)),
        ...['a', 'b'].map((id) => `${second.eTag} ${id} ${expectedWebhookId('images/x.png', second.eTag, id)}`),
      ].sort(),
    );
    expect(new Set(ids.map((line) => line.split(' ')[2])).size).toBe(4);
  });

  it('sends more than ten subscriptions in batches of ten', async () => {
    const subscriptions = Array.from({ length: 23 }, (_, i) => `sub-${i}`);
    await processOnce(withNotify(subscriptions), await world.upload('images/many.jpg', 'pixels'));
    expect((await world.notifyMessages()).map((m) => m.subscriptionId).sort()).toEqual([...subscriptions].sort());
    expect(world.writes.filter((w) => w.startsWith('sqs:'))).toEqual(['sqs:10 messages', 'sqs:10 messages', 'sqs:3 messages']);
  });

  it('fails the image as retryable when the notify queue refuses, its record already written', async () => {
    const source = await world.upload('images/lost.jpg', 'pixels');
    const handler = world.handler({ ...withNotify(['cms']), notify: { queueUrl: `${world.notifyQueueUrl}-missing`, subscriptionIds: ['cms'] } });

    // A direct invocation throws a retryable failure whole, for Lambda to retry.
    await expect(handler(directInput(source), fakeContext())).rejects.toThrow(/images\/lost\.jpg \(NotifyFailed: images\/lost\.jpg: the notify step failed/);
    const failure = world.logger.entries.find((e) => e.message === 'failed');
    expect(failure?.fields).toMatchObject({ key: 'images/lost.jpg', code: 'NotifyFailed', retryable: true });
    expect(await world.keys('metadata/')).toEqual(['metadata/lost.jpg.json']);
  });
});
