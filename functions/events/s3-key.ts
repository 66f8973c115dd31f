import { EventShapeError } from './errors.js';

/**
 * The one copy of how S3 event notifications write object keys, used by the function (decode),
 * the local kit and the test factories (encode). S3 form-encodes the key: a space becomes `+`, a
 * `+` becomes `%2B`, UTF-8 bytes and reserved characters (`!'()~` included) become `%XX`, and the
 * `/` separators stay as they are. EventBridge events and the `{bucket, key}` input carry the key
 * itself, not encoded.
 */
export function encodeS3Key(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

/** The key an S3 notification names: `+` is a space, then `%XX` escapes (a literal `+` arrives as `%2B`). */
export function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new EventShapeError(`object key ${JSON.stringify(encoded)} is not URL-encoded the way S3 notifications encode keys`);
  }
}
