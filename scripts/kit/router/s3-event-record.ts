import { randomBytes } from 'node:crypto';
import type { ObjectEvent } from '../emulator/embedded-emulator.js';
import { emulatedAccountId } from '../emulated-account.js';
import { encodeS3EventKey } from './s3-key-encoding.js';

/** One record of an S3 event notification, as S3 sends it (event version 2.1). */
export interface S3EventRecord {
  readonly eventVersion: '2.1';
  readonly eventSource: 'aws:s3';
  readonly awsRegion: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly userIdentity: { readonly principalId: string };
  readonly requestParameters: { readonly sourceIPAddress: string };
  readonly responseElements: { readonly 'x-amz-request-id': string; readonly 'x-amz-id-2': string };
  readonly s3: {
    readonly s3SchemaVersion: '1.0';
    readonly configurationId: string;
    readonly bucket: { readonly name: string; readonly ownerIdentity: { readonly principalId: string }; readonly arn: string };
    readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string; readonly versionId?: string; readonly sequencer: string };
  };
}

const principalId = `AWS:${emulatedAccountId}`;
let lastSequence = 0n;

/** Hex sequencer, strictly increasing within this process, like S3's per-key ordering value. */
export function nextSequencer(now = Date.now()): string {
  const candidate = BigInt(now) * 1000n;
  lastSequence = candidate > lastSequence ? candidate : lastSequence + 1n;
  return lastSequence.toString(16).toUpperCase().padStart(18, '0');
}

/** The notification record for one object event; delete events carry no size or eTag, as in S3. */
export function buildS3EventRecord(event: ObjectEvent, configurationId: string, region: string, sequencer = nextSequencer()): S3EventRecord {
  const created = event.eventName.startsWith('ObjectCreated:');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: event.time.toISOString(),
    eventName: event.eventName,
    userIdentity: { principalId },
    requestParameters: { sourceIPAddress: event.sourceIp },
    responseElements: { 'x-amz-request-id': event.requestId || randomId(16), 'x-amz-id-2': randomBytes(24).toString('base64') },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: event.bucket, ownerIdentity: { principalId: emulatedAccountId }, arn: `arn:aws:s3:::${event.bucket}` },
      object: {
        key: encodeS3EventKey(event.key),
        ...(created ? { size: event.size ?? 0, eTag: event.eTag ?? '' } : {}),
        sequencer,
      },
    },
  };
}

/** The message S3 sends to a destination when a notification configuration is saved. */
export function buildTestEvent(bucket: string, time = new Date()): Record<string, string> {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: time.toISOString(),
    Bucket: bucket,
    RequestId: randomId(16),
    HostId: randomBytes(48).toString('base64'),
  };
}

function randomId(length: number): string {
  return randomBytes(length).toString('hex').toUpperCase().slice(0, length);
}
