import { CopyObjectCommand, CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedEmulator, type EmbeddedEmulator, type ObjectEvent } from '../../scripts/kit/emulator/embedded-emulator.js';
import { EventRouter, type RouterDestinations } from '../../scripts/kit/router/event-router.js';
import { eventTypeMatches, targetMatches } from '../../scripts/kit/router/notification-match.js';
import { buildS3EventRecord } from '../../scripts/kit/router/s3-event-record.js';
import { decodeS3EventKey, encodeS3EventKey } from '../../scripts/kit/router/s3-key-encoding.js';
import type { NotificationTarget } from '../../scripts/kit/terraform/kit-plan.js';

const queueArn = 'arn:aws:sqs:eu-west-1:000000000000:q';
const target = (suffix: string, events = ['s3:ObjectCreated:*']): NotificationTarget => ({ id: `images-${suffix}`, kind: 'queue', targetArn: queueArn, events, filterPrefix: 'images/', filterSuffix: suffix });
const objectEvent = (key: string, eventName: ObjectEvent['eventName'] = 'ObjectCreated:Put'): ObjectEvent => ({ bucket: 'uploads', key, eventName, size: 10, eTag: 'abc', time: new Date('2026-01-01T00:00:00Z'), requestId: 'R1', sourceIp: '127.0.0.1' });

function recordingDestinations(): RouterDestinations & { sent: { queueArn: string; body: unknown }[] } {
  const sent: { queueArn: string; body: unknown }[] = [];
  return {
    sent,
    sendToQueue: async (arn, body) => {
      sent.push({ queueArn: arn, body: JSON.parse(body) });
      return { messageId: `m${sent.length}` };
    },
    invokeAsync: async () => undefined,
  };
}

describe('S3 event key encoding', () => {
  it.each([
    ['images/summer holiday (2026)/photo.jpg', 'images/summer+holiday+%282026%29/photo.jpg'],
    ['images/c++ notes/a+b.jpg', 'images/c%2B%2B+notes/a%2Bb.jpg'],
    ['images/日本/旅行 1/x.png', 'images/%E6%97%A5%E6%9C%AC/%E6%97%85%E8%A1%8C+1/x.png'],
    ['images/a/b/c/d.jpg', 'images/a/b/c/d.jpg'],
  ])('encodes %s the way S3 notifications do', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
    expect(decodeS3EventKey(encoded)).toBe(key);
  });
});

describe('notification filters', () => {
  it('matches event types by wildcard or exactly', () => {
    expect(eventTypeMatches('s3:ObjectCreated:*', 'ObjectCreated:Put')).toBe(true);
    expect(eventTypeMatches('s3:ObjectCreated:*', 'ObjectRemoved:Delete')).toBe(false);
    expect(eventTypeMatches('s3:ObjectCreated:Copy', 'ObjectCreated:Put')).toBe(false);
  });

  it('applies prefix and suffix to the stored key, case-sensitively', () => {
    expect(targetMatches(target('.jpg'), 'ObjectCreated:Put', 'images/a b.jpg')).toBe(true);
    expect(targetMatches(target('.jpg'), 'ObjectCreated:Put', 'images/a.JPG')).toBe(false);
    expect(targetMatches(target('.jpg'), 'ObjectCreated:Put', 'other/a.jpg')).toBe(false);
  });
});

describe('event router', () => {
  it('sends one S3 record per matching configuration, key encoded, with size, eTag and sequencer', async () => {
    const destinations = recordingDestinations();
    const router = new EventRouter('eu-west-1', destinations);
    await router.configure('uploads', [target('.jpg'), target('.png')]);
    destinations.sent.length = 0;
    await router.route(objectEvent('images/a (1).jpg'));
    await router.route(objectEvent('images/a.gif'));
    expect(destinations.sent).toHaveLength(1);
    const record = (destinations.sent[0]!.body as { Records: ReturnType<typeof buildS3EventRecord>[] }).Records[0]!;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      s3: { configurationId: 'images-.jpg', bucket: { name: 'uploads', arn: 'arn:aws:s3:::uploads' }, object: { key: 'images/a+%281%29.jpg', size: 10, eTag: 'abc' } },
    });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
  });

  it('sends a delete without size or eTag when the configuration asks for removals', async () => {
    const destinations = recordingDestinations();
    const router = new EventRouter('eu-west-1', destinations);
    await router.configure('uploads', [target('.jpg', ['s3:ObjectRemoved:*'])]);
    await router.route(objectEvent('images/x.jpg', 'ObjectRemoved:Delete'));
    const object = (destinations.sent.at(-1)!.body as { Records: { s3: { object: Record<string, unknown> } }[] }).Records[0]!.s3.object;
    expect(object).not.toHaveProperty('size');
    expect(object).not.toHaveProperty('eTag');
  });

  it('sends s3:TestEvent once per queue when a configuration is saved, not when it is saved unchanged', async () => {
    const destinations = recordingDestinations();
    const router = new EventRouter('eu-west-1', destinations);
    await router.configure('uploads', [target('.jpg'), target('.png')]);
    await router.configure('uploads', [target('.jpg'), target('.png')]);
    expect(destinations.sent).toEqual([{ queueArn, body: expect.objectContaining({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'uploads' }) }]);
  });
});

describe('object events from the embedded emulator', () => {
  let emulator: EmbeddedEmulator;
  let s3: S3Client;
  beforeAll(async () => {
    emulator = await startEmbeddedEmulator();
    s3 = new S3Client({ endpoint: emulator.endpoint, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
  });
  afterAll(async () => {
    s3.destroy();
    await emulator.stop();
  });

  it('reports a PutObject with the stored key, size and ETag once the write succeeded', async () => {
    const seen = new Promise<ObjectEvent>((resolve) => emulator.events.once('object', resolve));
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'images/café (1)+x.jpg', Body: 'hello' }));
    expect(await seen).toMatchObject({ bucket: 'uploads', key: 'images/café (1)+x.jpg', eventName: 'ObjectCreated:Put', size: 5, eTag: '5d41402abc4b2a76b9719d911017c592' });
  });

  it('reports the size and ETag the object was stored with, whatever the body was sent as', async () => {
    const writes: [string, () => Promise<unknown>][] = [
      ['buffer.jpg', () => s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'w/buffer.jpg', Body: Buffer.alloc(300_000, 7) }))],
      ['empty.jpg', () => s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'w/empty.jpg', Body: Buffer.alloc(0) }))],
      ['stream.jpg', () => s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'w/stream.jpg', Body: Readable.from([Buffer.alloc(70_000, 1), Buffer.alloc(5, 2)]), ContentLength: 70_005 }))],
      ['copy.jpg', () => s3.send(new CopyObjectCommand({ Bucket: 'uploads', Key: 'w/copy.jpg', CopySource: 'uploads/w/buffer.jpg' }))],
    ];
    for (const [name, write] of writes) {
      const seen = new Promise<ObjectEvent>((resolve) => emulator.events.once('object', resolve));
      await write();
      const event = await seen;
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'uploads', Key: `w/${name}` }));
      expect({ name, size: event.size, eTag: event.eTag }).toEqual({ name, size: head.ContentLength, eTag: head.ETag?.replace(/"/g, '') });
    }
  });
});
