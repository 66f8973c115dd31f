import { EventShapeError } from './errors.js';

/**
 * Decodes an object key as S3 event notifications encode it: `+` is a space, then `%XX` escapes
 * (so a literal `+` arrives as `%2B`).
 */
export function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new EventShapeError(`object key ${JSON.stringify(encoded)} is not URL-encoded the way S3 notifications encode keys`);
  }
}
