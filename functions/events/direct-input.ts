import { EventShapeError } from './errors.js';
import { ignoreFolderMarker } from './folder-marker.js';
import { sizeField, stringField, type JsonObject } from './guards.js';
import type { NormalisedEvent } from './types.js';

export const directEventName = 'Direct';

/** `{bucket, key, size?}`: what the EventBridge input transformer (and Step Functions) passes. */
export function isDirectInput(value: JsonObject): boolean {
  return 'bucket' in value && 'key' in value;
}

/** The key is taken as is: the input transformer copies EventBridge's unencoded `detail.object.key`. */
export function fromDirectInput(value: JsonObject, messageId?: string): NormalisedEvent {
  const bucket = stringField(value, 'bucket');
  const key = stringField(value, 'key');
  if (bucket === undefined || bucket === '' || key === undefined || key === '') {
    throw new EventShapeError('input {bucket, key} needs a non-empty string bucket and key');
  }
  const size = sizeField(value, 'size');
  const eTag = stringField(value, 'etag') ?? stringField(value, 'eTag');
  const where = { eventName: directEventName, bucket, key, ...(messageId !== undefined && { messageId }) };
  const marker = ignoreFolderMarker(where, size);
  if (marker) return { items: [], ignored: [marker] };
  return {
    items: [{ ...where, ...(size !== undefined && { size }), ...(eTag !== undefined && { eTag: eTag.replace(/^"(.*)"$/, '$1') }) }],
    ignored: [],
  };
}
