import type { IgnoredRecord } from './types.js';

/** A zero-byte key ending in `/` is how the S3 console creates a folder; it is not an image. */
export function ignoreFolderMarker(
  where: { eventName: string; bucket: string; key: string; messageId?: string },
  size: number | undefined,
): IgnoredRecord | undefined {
  if (!where.key.endsWith('/') || (size !== undefined && size > 0)) return undefined;
  return { ...where, reason: 'the key is a folder marker (ends in "/")' };
}
