import type { WorkItem } from '../events/index.js';
import type { SourceObject } from './read-source.js';

/**
 * User metadata naming the source of an output. S3 metadata values must be ASCII, so the key is
 * URI-encoded (decodeURIComponent gives it back).
 */
export function sourceMetadata(item: WorkItem, source: SourceObject): Record<string, string> {
  return {
    'source-bucket': item.bucket,
    'source-key': encodeURIComponent(item.key),
    ...(source.eTag !== undefined && { 'source-etag': source.eTag }),
    ...(source.versionId !== undefined && { 'source-version-id': source.versionId }),
  };
}
