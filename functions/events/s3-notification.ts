import { decodeS3Key } from './decode-s3-key.js';
import { EventShapeError } from './errors.js';
import { isObject, objectField, sizeField, stringField, unquoteETag, type JsonObject } from './guards.js';
import type { IgnoredRecord, NormalisedEvent, WorkItem } from './types.js';
import { ignoreFolderMarker } from './folder-marker.js';

/** `{"Records": [{"eventSource": "aws:s3", ...}]}`: an S3 event notification. */
export function isS3Notification(value: JsonObject): boolean {
  const records = value.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((record) => isObject(record) && stringField(record, 'eventSource') === 'aws:s3')
  );
}

/** The configuration test message S3 sends when a notification to SQS or SNS is set up. */
export function isS3TestEvent(value: JsonObject): boolean {
  return stringField(value, 'Event') === 's3:TestEvent';
}

export function s3TestEventIgnored(value: JsonObject, messageId?: string): IgnoredRecord {
  const bucket = stringField(value, 'Bucket');
  return {
    reason: 's3:TestEvent is sent when a notification is configured; it names no object',
    eventName: 's3:TestEvent',
    ...(bucket !== undefined && { bucket }),
    ...(messageId !== undefined && { messageId }),
  };
}

export function fromS3Notification(value: JsonObject, messageId?: string): NormalisedEvent {
  const items: WorkItem[] = [];
  const ignored: IgnoredRecord[] = [];
  for (const record of value.Records as JsonObject[]) {
    const eventName = stringField(record, 'eventName') ?? '';
    const s3 = objectField(record, 's3');
    const bucket = s3 && objectField(s3, 'bucket');
    const object = s3 && objectField(s3, 'object');
    const bucketName = bucket && stringField(bucket, 'name');
    const encodedKey = object && stringField(object, 'key');
    if (object === undefined || bucketName === undefined || encodedKey === undefined) {
      throw new EventShapeError(`S3 record ${JSON.stringify(eventName)} lacks s3.bucket.name or s3.object.key`);
    }
    const key = decodeS3Key(encodedKey);
    const where = { eventName, bucket: bucketName, key, ...(messageId !== undefined && { messageId }) };
    if (!eventName.startsWith('ObjectCreated:')) {
      ignored.push({ ...where, reason: `${eventName || 'an unnamed event'} is not an object-created event` });
      continue;
    }
    const marker = ignoreFolderMarker(where, sizeField(object, 'size'));
    if (marker) {
      ignored.push(marker);
      continue;
    }
    const size = sizeField(object, 'size');
    const eTag = unquoteETag(stringField(object, 'eTag'));
    const versionId = stringField(object, 'versionId');
    items.push({
      ...where,
      ...(size !== undefined && { size }),
      ...(eTag !== undefined && { eTag }),
      ...(versionId !== undefined && { versionId }),
    });
  }
  return { items, ignored };
}
