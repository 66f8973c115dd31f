import { unquoteETag } from './etag.js';
import { ignoreFolderMarker } from './folder-marker.js';
import { parseShape } from './parse-shape.js';
import { DirectInputShape } from './shapes.js';
import type { NormalisedEvent } from './types.js';

export const directEventName = 'Direct';

/** The key is taken as is: the input transformer copies EventBridge's unencoded `detail.object.key`. */
export function fromDirectInput(value: unknown, messageId?: string): NormalisedEvent {
  const input = parseShape(DirectInputShape, value, 'input {bucket, key, size}');
  const size = input.size ?? undefined;
  const eTag = input.etag ?? input.eTag;
  const where = { eventName: directEventName, bucket: input.bucket, key: input.key, ...(messageId !== undefined && { messageId }) };
  const marker = ignoreFolderMarker(where, size);
  if (marker) return { items: [], ignored: [marker] };
  return {
    items: [{ ...where, ...(size !== undefined && { size }), ...(eTag && { eTag: unquoteETag(eTag) }) }],
    ignored: [],
  };
}
