import { randomBytes, randomUUID } from 'node:crypto';
import type { ObjectEvent } from '../emulator/embedded-emulator.js';
import { nextSequencer } from '../router/s3-event-record.js';

/** An event on an EventBridge bus (the envelope every event has). */
export interface BusEvent<Detail = Record<string, unknown>> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Detail;
}

export interface S3ObjectDetail {
  readonly version: '0';
  readonly bucket: { readonly name: string };
  readonly object: {
    readonly key: string;
    readonly size?: number;
    readonly etag?: string;
    readonly 'version-id'?: string;
    readonly sequencer: string;
  };
  readonly 'request-id': string;
  readonly requester: string;
  readonly 'source-ip-address': string;
  readonly reason: string;
  readonly 'deletion-type'?: string;
}

export interface S3BusEventOptions {
  readonly region: string;
  readonly accountId: string;
  /** Set when the bucket is versioned: S3 then adds `version-id`. */
  readonly versionId?: string;
  readonly sequencer?: string;
}

/** The API call behind each object event, as S3 names it in `detail.reason`. */
const reasons: Readonly<Record<string, string>> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'PostObject',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
  'ObjectRemoved:DeleteMarkerCreated': 'DeleteObject',
};

/**
 * The event S3 sends to EventBridge for an object write or delete (Amazon S3 user guide,
 * "EventBridge message structure"): `Object Created` with size and etag, `Object Deleted` without;
 * the key as stored (EventBridge events are not URL-encoded, unlike notification records);
 * `version-id` only for a versioned bucket; `resources` the bucket ARN.
 */
export function buildS3BusEvent(event: ObjectEvent, options: S3BusEventOptions): BusEvent<S3ObjectDetail> {
  const created = event.eventName.startsWith('ObjectCreated:');
  const deleteMarker = (event.eventName as string) === 'ObjectRemoved:DeleteMarkerCreated';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': created ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account: options.accountId,
    time: event.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region,
    resources: [`arn:aws:s3:::${event.bucket}`],
    detail: {
      version: '0',
      bucket: { name: event.bucket },
      object: {
        key: event.key,
        ...(created ? { size: event.size ?? 0, etag: event.eTag ?? '' } : {}),
        ...(options.versionId !== undefined ? { 'version-id': options.versionId } : {}),
        sequencer: options.sequencer ?? nextSequencer(event.time.getTime()),
      },
      'request-id': event.requestId || randomBytes(8).toString('hex').toUpperCase(),
      requester: options.accountId,
      'source-ip-address': event.sourceIp,
      reason: reasons[event.eventName] ?? event.eventName,
      ...(created ? {} : { 'deletion-type': deleteMarker ? 'Delete Marker Created' : 'Permanently Deleted' }),
    },
  };
}
