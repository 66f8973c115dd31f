import { unquoteETag } from './etag.js';
import { ignoreFolderMarker } from './folder-marker.js';
import { parseShape } from './parse-shape.js';
import { decodeS3Key } from './s3-key.js';
import { S3NotificationShape, S3TestEventShape } from './shapes.js';
import type { IgnoredRecord, NormalisedEvent, WorkItem } from './types.js';

/** Each object an S3 notification names, its key decoded; deletes and other events are ignored. */
export function fromS3Notification(value: unknown, messageId?: string): NormalisedEvent {
  const notification = parseShape(S3NotificationShape, value, 'S3 notification');
  const items: WorkItem[] = [];
  const ignored: IgnoredRecord[] = [];
  for (const record of notification.Records) {
    const { eventName } = record;
    const { bucket, object } = record.s3;
    const where = { eventName, bucket: bucket.name, key: decodeS3Key(object.key), ...(messageId !== undefined && { messageId }) };
    // Delete events carry no size or eTag (MiniStack sends 0 and ""): only created objects are work.
    if (!eventName.startsWith('ObjectCreated:')) {
      ignored.push({ ...where, reason: `${eventName || 'an unnamed event'} is not an object-created event` });
      continue;
    }
    const marker = ignoreFolderMarker(where, object.size);
    if (marker) {
      ignored.push(marker);
      continue;
    }
    items.push({
      ...where,
      ...(object.size !== undefined && { size: object.size }),
      ...(object.eTag && { eTag: unquoteETag(object.eTag) }),
      ...(object.versionId && { versionId: object.versionId }),
    });
  }
  return { items, ignored };
}

/** The configuration test message: logged as ignored. */
export function fromS3TestEvent(value: unknown, messageId?: string): NormalisedEvent {
  const testEvent = parseShape(S3TestEventShape, value, 'S3 test event');
  return {
    items: [],
    ignored: [
      {
        reason: 's3:TestEvent is sent when a notification is configured; it names no object',
        eventName: testEvent.Event,
        bucket: testEvent.Bucket,
        ...(messageId !== undefined && { messageId }),
      },
    ],
  };
}
