import { unquoteETag } from './etag.js';
import { ignoreFolderMarker } from './folder-marker.js';
import { parseShape } from './parse-shape.js';
import { EventBridgeS3Shape } from './shapes.js';
import type { NormalisedEvent } from './types.js';

/** An S3 event from EventBridge: `Object Created` is work, every other detail-type is ignored. */
export function fromEventBridge(value: unknown, messageId?: string): NormalisedEvent {
  const event = parseShape(EventBridgeS3Shape, value, 'EventBridge S3 event');
  const detailType = event['detail-type'];
  const { bucket, object } = event.detail;
  // EventBridge keys are NOT URL-encoded: detail.object.key is the key itself.
  const where = { eventName: detailType, bucket: bucket.name, key: object.key, ...(messageId !== undefined && { messageId }) };
  if (detailType !== 'Object Created') {
    return { items: [], ignored: [{ ...where, reason: `${detailType} is not an object-created event` }] };
  }
  const marker = ignoreFolderMarker(where, object.size);
  if (marker) return { items: [], ignored: [marker] };
  const versionId = object['version-id'];
  return {
    items: [
      {
        ...where,
        ...(object.size !== undefined && { size: object.size }),
        ...(object.etag && { eTag: unquoteETag(object.etag) }),
        ...(versionId && { versionId }),
      },
    ],
    ignored: [],
  };
}
