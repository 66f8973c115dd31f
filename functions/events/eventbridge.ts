import { EventShapeError } from './errors.js';
import { ignoreFolderMarker } from './folder-marker.js';
import { objectField, sizeField, stringField, unquoteETag, type JsonObject } from './guards.js';
import type { NormalisedEvent } from './types.js';

/** An EventBridge event from S3 (`source: aws.s3`), whatever its detail-type. */
export function isEventBridgeS3Event(value: JsonObject): boolean {
  return stringField(value, 'source') === 'aws.s3' && typeof value['detail-type'] === 'string' && objectField(value, 'detail') !== undefined;
}

/** EventBridge keys are NOT URL-encoded: `detail.object.key` is the key itself. */
export function fromEventBridge(value: JsonObject, messageId?: string): NormalisedEvent {
  const detailType = stringField(value, 'detail-type') ?? '';
  const detail = objectField(value, 'detail') ?? {};
  const bucket = stringField(objectField(detail, 'bucket') ?? {}, 'name');
  const object = objectField(detail, 'object');
  const key = object && stringField(object, 'key');
  if (bucket === undefined || object === undefined || key === undefined) {
    throw new EventShapeError(`EventBridge "${detailType}" event lacks detail.bucket.name or detail.object.key`);
  }
  const where = { eventName: detailType, bucket, key, ...(messageId !== undefined && { messageId }) };
  if (detailType !== 'Object Created') {
    return { items: [], ignored: [{ ...where, reason: `${detailType} is not an object-created event` }] };
  }
  const size = sizeField(object, 'size');
  const marker = ignoreFolderMarker(where, size);
  if (marker) return { items: [], ignored: [marker] };
  const eTag = unquoteETag(stringField(object, 'etag'));
  const versionId = stringField(object, 'version-id');
  return {
    items: [
      {
        ...where,
        ...(size !== undefined && { size }),
        ...(eTag !== undefined && { eTag }),
        ...(versionId !== undefined && { versionId }),
      },
    ],
    ignored: [],
  };
}
