import { describe, expect, it } from 'vitest';
import { EventShapeError, normaliseEvent, normaliseSqsRecord } from '../../../functions/events/index.js';
import {
  directInput,
  eventBridgeS3Event,
  s3Delete,
  s3Event,
  s3Put,
  s3Record,
  s3TestEvent,
  sample,
  snsEnvelope,
  sqsEvent,
  sqsRecord,
} from '../../support/events.js';

const bucket = sample.uploadsBucket;
const oddKeys = [
  'images/summer holiday/beach (1).jpg',
  'images/c++ notes/a+b=c.webp',
  'images/2026/11/22/café crème.png',
  'images/日本/写真 01.jpeg',
  'images/deep/nested/prefix/with spaces/photo.jpg',
  "images/it's 100% done!.jpg",
];

describe('normaliseEvent: S3 notification delivered directly', () => {
  it.each(oddKeys)('yields the decoded key %s with bucket, size and eTag', (key) => {
    const result = normaliseEvent(s3Put({ key, size: 2048, eTag: '9b2cf535f27731c974343645a3985328' }));
    expect(result.source).toBe('s3');
    expect(result.ignored).toEqual([]);
    expect(result.items).toEqual([
      { bucket, key, size: 2048, eTag: '9b2cf535f27731c974343645a3985328', eventName: 'ObjectCreated:Put' },
    ]);
  });

  it('reads the bucket from each record, not from anywhere else', () => {
    const result = normaliseEvent(s3Event(s3Record({ key: 'images/a.jpg', bucket: 'other-bucket' }), s3Record({ key: 'images/b.jpg' })));
    expect(result.items.map((i) => i.bucket)).toEqual(['other-bucket', bucket]);
  });

  it('keeps the version id when the bucket is versioned', () => {
    const [item] = normaliseEvent(s3Put({ key: 'images/a.jpg', versionId: '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd' })).items;
    expect(item?.versionId).toBe('3HL4kqtJlcpXroDTDmjVBH40Nrjfkd');
  });

  it('ignores a delete (no size or eTag) with a reason', () => {
    const result = normaliseEvent(s3Delete({ key: 'images/old (2).jpg' }));
    expect(result.items).toEqual([]);
    expect(result.ignored).toEqual([
      expect.objectContaining({ key: 'images/old (2).jpg', bucket, eventName: 'ObjectRemoved:Delete', reason: expect.stringContaining('not an object-created event') }),
    ]);
  });

  it('ignores a folder marker', () => {
    const result = normaliseEvent(s3Put({ key: 'images/new folder/', size: 0 }));
    expect(result.items).toEqual([]);
    expect(result.ignored[0]?.reason).toMatch(/folder marker/);
  });

  it('accepts every ObjectCreated variant (copy, multipart)', () => {
    const result = normaliseEvent(
      s3Event(s3Record({ key: 'images/a.jpg' }, 'ObjectCreated:Copy'), s3Record({ key: 'images/b.jpg' }, 'ObjectCreated:CompleteMultipartUpload')),
    );
    expect(result.items.map((i) => i.eventName)).toEqual(['ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload']);
  });
});

describe('normaliseEvent: SQS wrapping an S3 notification', () => {
  it.each(oddKeys)('yields %s with the carrying messageId', (key) => {
    const record = sqsRecord(s3Put({ key, size: 10, eTag: 'abc' }), 'msg-1');
    const result = normaliseEvent(sqsEvent(record));
    expect(result.source).toBe('sqs');
    expect(result.items).toEqual([{ bucket, key, size: 10, eTag: 'abc', eventName: 'ObjectCreated:Put', messageId: 'msg-1' }]);
  });

  it('yields every S3 record one message carries', () => {
    const body = s3Event(s3Record({ key: 'images/a b.jpg' }), s3Record({ key: 'images/c+d.png' }));
    const result = normaliseSqsRecord(sqsRecord(body, 'msg-2'));
    expect(result.items.map((i) => [i.key, i.messageId])).toEqual([
      ['images/a b.jpg', 'msg-2'],
      ['images/c+d.png', 'msg-2'],
    ]);
  });

  it('ignores the s3:TestEvent S3 sends when the notification is configured', () => {
    const result = normaliseEvent(sqsEvent(sqsRecord(s3TestEvent(), 'msg-test')));
    expect(result.items).toEqual([]);
    expect(result.ignored).toEqual([
      expect.objectContaining({ eventName: 's3:TestEvent', bucket, messageId: 'msg-test', reason: expect.stringMatching(/TestEvent/) }),
    ]);
  });

  it('handles a batch mixing puts, a test event and a delete', () => {
    const result = normaliseEvent(
      sqsEvent(
        sqsRecord(s3Put({ key: 'images/one.jpg' }), 'm1'),
        sqsRecord(s3TestEvent(), 'm2'),
        sqsRecord(s3Delete({ key: 'images/two.jpg' }), 'm3'),
        sqsRecord(s3Put({ key: 'images/three.jpg' }), 'm4'),
      ),
    );
    expect(result.items.map((i) => i.messageId)).toEqual(['m1', 'm4']);
    expect(result.ignored.map((i) => i.messageId)).toEqual(['m2', 'm3']);
  });

  it('rejects a body that is not JSON, naming the message', () => {
    expect(() => normaliseSqsRecord(sqsRecord('hello', 'msg-bad'))).toThrow(/msg-bad.*not JSON/);
  });

  it('rejects a JSON body of another shape', () => {
    expect(() => normaliseSqsRecord(sqsRecord({ orderId: 7 }, 'msg-odd'))).toThrow(EventShapeError);
  });
});

describe('normaliseEvent: SQS wrapping SNS wrapping S3', () => {
  it.each(oddKeys)('unwraps the envelope and decodes %s', (key) => {
    const result = normaliseEvent(sqsEvent(sqsRecord(snsEnvelope(s3Put({ key, size: 5 })), 'msg-sns')));
    expect(result.items).toEqual([expect.objectContaining({ bucket, key, size: 5, eventName: 'ObjectCreated:Put', messageId: 'msg-sns' })]);
  });

  it('ignores a test event inside an envelope', () => {
    const result = normaliseEvent(sqsEvent(sqsRecord(snsEnvelope(s3TestEvent()))));
    expect(result.items).toEqual([]);
    expect(result.ignored[0]?.eventName).toBe('s3:TestEvent');
  });

  it('rejects an envelope whose Message is not JSON', () => {
    expect(() => normaliseEvent(sqsEvent(sqsRecord(snsEnvelope('plain text'))))).toThrow(/SNS Message is not JSON/);
  });
});

describe('normaliseEvent: EventBridge Object Created', () => {
  it.each(oddKeys)('takes the key %s as is (EventBridge does not URL-encode)', (key) => {
    const result = normaliseEvent(eventBridgeS3Event({ key, size: 77, eTag: 'e1' }));
    expect(result.source).toBe('eventbridge');
    expect(result.items).toEqual([{ bucket, key, size: 77, eTag: 'e1', eventName: 'Object Created' }]);
  });

  it('does not decode a key that looks encoded', () => {
    const [item] = normaliseEvent(eventBridgeS3Event({ key: 'images/a+b%2B.jpg' })).items;
    expect(item?.key).toBe('images/a+b%2B.jpg');
  });

  it('ignores Object Deleted', () => {
    const result = normaliseEvent(eventBridgeS3Event({ key: 'images/x.jpg' }, 'Object Deleted'));
    expect(result.items).toEqual([]);
    expect(result.ignored[0]?.reason).toMatch(/Object Deleted is not an object-created event/);
  });

  it('arrives through SQS too', () => {
    const result = normaliseEvent(sqsEvent(sqsRecord(eventBridgeS3Event({ key: 'images/é.png' }), 'm-eb')));
    expect(result.items).toEqual([expect.objectContaining({ key: 'images/é.png', messageId: 'm-eb' })]);
  });
});

describe('normaliseEvent: input transformer {bucket, key, size}', () => {
  it.each(oddKeys)('takes %s as is', (key) => {
    const result = normaliseEvent(directInput({ key, size: 300 }));
    expect(result.source).toBe('direct');
    expect(result.items).toEqual([{ bucket, key, size: 300, eventName: 'Direct' }]);
  });

  it('accepts a quoted size and no size', () => {
    expect(normaliseEvent({ bucket, key: 'images/a.jpg', size: '12' }).items[0]?.size).toBe(12);
    expect(normaliseEvent({ bucket, key: 'images/a.jpg' }).items[0]).not.toHaveProperty('size');
  });

  it('rejects an empty key', () => {
    expect(() => normaliseEvent({ bucket, key: '' })).toThrow(EventShapeError);
  });
});

describe('normaliseEvent: SNS delivering to the function', () => {
  it('unwraps each SNS record', () => {
    const envelope = snsEnvelope(s3Put({ key: 'images/a b.jpg' }));
    const event = { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn', Sns: envelope }] };
    const result = normaliseEvent(event);
    expect(result.source).toBe('sns');
    expect(result.items[0]?.key).toBe('images/a b.jpg');
  });
});

describe('normaliseEvent: anything else', () => {
  it.each([null, 'text', [], {}, { Records: [] }, { Records: [{ eventSource: 'aws:kinesis' }] }])('rejects %j', (event) => {
    expect(() => normaliseEvent(event)).toThrow(EventShapeError);
  });

  it('rejects an S3 record without a key', () => {
    const record = s3Record({ key: 'images/a.jpg' });
    const broken = { ...record, s3: { ...record.s3, object: { size: 1 } } };
    expect(() => normaliseEvent({ Records: [broken] })).toThrow(/lacks s3.bucket.name or s3.object.key/);
  });
});
