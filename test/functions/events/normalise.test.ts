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
    expect(() => normaliseSqsRecord(sqsRecord('hello', 'msg-bad'))).toThrow(/^Unrecognised event: SQS message msg-bad: body: Invalid JSON/);
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
    expect(() => normaliseEvent(sqsEvent(sqsRecord(snsEnvelope('plain text'))))).toThrow(/SNS envelope: Message: Invalid JSON/);
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
    expect(() => normaliseEvent({ Records: [broken] })).toThrow(/S3 notification: Records\[0\]\.s3\.object\.key: .*expected string/);
  });
});

describe('normaliseEvent: malformed events are EventShapeError (not retried), never a TypeError', () => {
  const record = s3Record({ key: 'images/a.jpg' });
  const envelopeWithout = (field: string) => {
    const envelope: Record<string, unknown> = { ...snsEnvelope(s3Put({ key: 'images/a.jpg' })) };
    delete envelope[field];
    return envelope;
  };

  it.each([
    ['an SNS envelope without Message (in SQS)', sqsEvent(sqsRecord(envelopeWithout('Message'), 'm-1')), /SQS|SNS envelope: Message: .*expected string/],
    ['an SNS record without Message (SNS invoking the function)', { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:aws:sns:eu-west-1:1:t:s', Sns: envelopeWithout('Message') }] }, /SNS event: Records\[0\]\.Sns\.Message: .*expected string/],
    ['an SQS body that is not JSON', sqsEvent(sqsRecord('{"Records": [', 'm-2')), /SQS message m-2: body: Invalid JSON/],
    ['an SQS record without a body', sqsEvent({ ...sqsRecord(s3Put({ key: 'images/a.jpg' }), 'm-3'), body: undefined as unknown as string }), /SQS message m-3: body: .*expected string/],
    ['an S3 record without s3.object', { Records: [{ ...record, s3: { ...record.s3, object: undefined } }] }, /S3 notification: Records\[0\]\.s3\.object: .*expected object/],
    ['an S3 record without s3', { Records: [{ ...record, s3: undefined }] }, /S3 notification: Records\[0\]\.s3: .*expected object/],
    ['an S3 record whose size is negative', { Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, size: -1 } } }] }, /Records\[0\]\.s3\.object\.size/],
    ['Records that is not an array', { Records: 'images/a.jpg' }, /S3 notification: Records: .*expected array/],
    ['a record of another service', { Records: [{ eventSource: 'aws:kinesis' }] }, /S3 notification: Records\[0\]\./],
    ['an EventBridge S3 event without detail.object', { ...eventBridgeS3Event({ key: 'images/a.jpg' }), detail: { version: '0', bucket: { name: bucket } } }, /EventBridge S3 event: detail\.object/],
    ['a test event without its bucket', { Service: 'Amazon S3', Event: 's3:TestEvent', Time: sample.time }, /S3 test event: Bucket/],
    ['a {bucket, key} input with a size that is not a number', { bucket, key: 'images/a.jpg', size: 'large' }, /size: expected a whole number of bytes/],
    ['a {bucket, key} input whose bucket is a number', { bucket: 7, key: 'images/a.jpg' }, /bucket: .*expected string/],
  ])('%s', (_, event, reason) => {
    const attempt = () => normaliseEvent(event);

    expect(attempt).toThrow(EventShapeError);
    expect(attempt).toThrow(reason);
  });

  it('names the key that is not URL-encoded', () => {
    const event = { Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, key: 'images/100% cotton.jpg' } } }] };
    expect(() => normaliseEvent(event)).toThrow(/object key "images\/100% cotton\.jpg" is not URL-encoded/);
  });
});

describe('normaliseEvent: real-world variants of the shapes are accepted', () => {
  it('takes an S3 record from an IPv6 client (Powertools alone would refuse it)', () => {
    const record = s3Record({ key: 'images/a b.jpg', size: 3 });
    const event = { Records: [{ ...record, requestParameters: { sourceIPAddress: '2001:db8::7' } }] };
    expect(normaliseEvent(event).items.map((i) => i.key)).toEqual(['images/a b.jpg']);
  });

  it("takes MiniStack's records: eventVersion 2.6, and deletes with size 0 and an empty eTag (ignored)", () => {
    const put = { ...s3Record({ key: 'images/a+b.jpg', size: 9, eTag: 'abc' }), eventVersion: '2.6' };
    const removed = s3Record({ key: 'images/gone.jpg' }, 'ObjectRemoved:Delete');
    const deleted = { ...removed, eventVersion: '2.6', s3: { ...removed.s3, object: { ...removed.s3.object, size: 0, eTag: '' } } };
    const result = normaliseEvent({ Records: [put, deleted] });
    expect(result.items).toEqual([{ bucket, key: 'images/a+b.jpg', size: 9, eTag: 'abc', eventName: 'ObjectCreated:Put' }]);
    expect(result.ignored).toEqual([expect.objectContaining({ key: 'images/gone.jpg', eventName: 'ObjectRemoved:Delete' })]);
  });

  it('ignores a delete marker, which carries an eTag but no size', () => {
    const removed = s3Record({ key: 'images/old.jpg' }, 'ObjectRemoved:DeleteMarkerCreated');
    const event = { Records: [{ ...removed, s3: { ...removed.s3, object: { ...removed.s3.object, eTag: '91a7f2c3ae81bcc6afef83979b463f0e' } } }] };
    expect(normaliseEvent(event)).toMatchObject({ items: [], ignored: [{ key: 'images/old.jpg', eventName: 'ObjectRemoved:DeleteMarkerCreated' }] });
  });

  it('takes a {bucket, key} input whose size the transformer wrote as null, and unquotes its etag', () => {
    expect(normaliseEvent({ bucket, key: 'images/a.jpg', size: null, etag: '"e1"' }).items).toEqual([{ bucket, key: 'images/a.jpg', eTag: 'e1', eventName: 'Direct' }]);
  });
});
