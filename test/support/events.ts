/**
 * Record factories for every shape an upload can reach the process function in. Keys are given
 * decoded; the factories encode them the way each source does (S3 notifications URL-encode with
 * `+` for space, by the one encodeS3Key; EventBridge does not encode). Identifiers derive from
 * the key, so the output is stable (fixtures/events/*.json are built from these).
 */
import { createHash } from 'node:crypto';
import type { EventBridgeEvent, S3Event, S3EventRecord, SNSMessage, SQSEvent, SQSRecord } from 'aws-lambda';
import { encodeS3Key } from '../../functions/events/s3-key.js';

export const sample = {
  account: '123456789012',
  region: 'eu-west-1',
  uploadsBucket: 'imgpipe-dev-uploads-123456789012',
  queueName: 'imgpipe-dev-process',
  topicName: 'imgpipe-dev-uploads',
  time: '2026-11-22T09:30:00.000Z',
} as const;

/** A deterministic UUID-shaped identifier. */
export function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function stableHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length).toUpperCase();
}

export interface ObjectRef {
  /** The decoded key. */
  readonly key: string;
  readonly bucket?: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly versionId?: string;
}

export function s3Record(object: ObjectRef, eventName = 'ObjectCreated:Put'): S3EventRecord {
  const bucket = object.bucket ?? sample.uploadsBucket;
  const created = eventName.startsWith('ObjectCreated:');
  const seed = `${bucket}/${object.key}/${eventName}`;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: sample.region,
    eventTime: sample.time,
    eventName,
    userIdentity: { principalId: 'AWS:AROA3EXAMPLEUPLOADFN:imgpipe-dev-upload' },
    requestParameters: { sourceIPAddress: '10.0.12.34' },
    responseElements: { 'x-amz-request-id': stableHex(seed, 16), 'x-amz-id-2': `${stableHex(`${seed}/2`, 56)}=` },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'imgpipe-dev-process-images',
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
      // Delete events carry neither size nor eTag.
      object: {
        key: encodeS3Key(object.key),
        ...(created && { size: object.size ?? 1024, eTag: object.eTag ?? stableHex(`${seed}/etag`, 32).toLowerCase() }),
        ...(object.versionId !== undefined && { versionId: object.versionId }),
        sequencer: stableHex(`${seed}/seq`, 18),
      } as S3EventRecord['s3']['object'],
    },
  };
}

export function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}

export function s3Put(object: ObjectRef): S3Event {
  return s3Event(s3Record(object));
}

export function s3Delete(object: ObjectRef): S3Event {
  return s3Event(s3Record(object, 'ObjectRemoved:Delete'));
}

/** What S3 sends to a queue or topic when a notification configuration is saved. */
export function s3TestEvent(bucket: string = sample.uploadsBucket) {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: sample.time,
    Bucket: bucket,
    RequestId: stableHex(`${bucket}/test`, 16),
    HostId: `${stableHex(`${bucket}/test/host`, 56)}=`,
  };
}

export function sqsRecord(body: unknown, messageId: string = stableId(JSON.stringify(body))): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId,
    receiptHandle: `AQEB${stableHex(`${messageId}/receipt`, 48)}==`,
    body: text,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.parse(sample.time)),
      SenderId: 'AIDAJHIPRHEMV73VRJEBU',
      ApproximateFirstReceiveTimestamp: String(Date.parse(sample.time) + 21),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${sample.region}:${sample.account}:${sample.queueName}`,
    awsRegion: sample.region,
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** The SNS envelope an SQS subscriber receives (raw message delivery off). */
export function snsEnvelope(message: unknown): SNSMessage & { Type: 'Notification' } {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const topicArn = `arn:aws:sns:${sample.region}:${sample.account}:${sample.topicName}`;
  const id = stableId(`sns/${text}`);
  return {
    Type: 'Notification',
    MessageId: id,
    TopicArn: topicArn,
    Subject: 'Amazon S3 Notification',
    Message: text,
    Timestamp: sample.time,
    SignatureVersion: '1',
    Signature: `${stableHex(`${id}/sig`, 64)}==`,
    SigningCertUrl: `https://sns.${sample.region}.amazonaws.com/SimpleNotificationService-example.pem`,
    UnsubscribeUrl: `https://sns.${sample.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${stableId(`${id}/sub`)}`,
    MessageAttributes: {},
  };
}

export interface S3EventBridgeDetail {
  version: string;
  bucket: { name: string };
  object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer: string };
  'request-id': string;
  requester: string;
  'source-ip-address': string;
  reason: string;
}

/** An EventBridge event from S3; `detail.object.key` is the key itself, not URL-encoded. */
export function eventBridgeS3Event(
  object: ObjectRef,
  detailType: 'Object Created' | 'Object Deleted' = 'Object Created',
): EventBridgeEvent<string, S3EventBridgeDetail> {
  const bucket = object.bucket ?? sample.uploadsBucket;
  const seed = `${bucket}/${object.key}/${detailType}`;
  const created = detailType === 'Object Created';
  return {
    version: '0',
    id: stableId(seed),
    'detail-type': detailType,
    source: 'aws.s3',
    account: sample.account,
    time: sample.time,
    region: sample.region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: {
        key: object.key,
        ...(created && { size: object.size ?? 1024, etag: object.eTag ?? stableHex(`${seed}/etag`, 32).toLowerCase() }),
        ...(object.versionId !== undefined && { 'version-id': object.versionId }),
        sequencer: stableHex(`${seed}/seq`, 18),
      },
      'request-id': stableHex(`${seed}/req`, 16),
      requester: sample.account,
      'source-ip-address': '10.0.12.34',
      reason: created ? 'PutObject' : 'DeleteObject',
    },
  };
}

/** What the EventBridge input transformer hands Step Functions (and the Task hands the function). */
export function directInput(object: ObjectRef) {
  return { bucket: object.bucket ?? sample.uploadsBucket, key: object.key, size: object.size ?? 1024 };
}
