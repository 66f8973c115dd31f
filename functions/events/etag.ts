/**
 * An ETag without its surrounding quotes: S3 responses quote it (`"9b2c..."`), notifications and
 * EventBridge events do not. The one copy, for the function and the local kit.
 */
export function unquoteETag(eTag: string): string {
  return eTag.replace(/^"(.*)"$/, '$1');
}
