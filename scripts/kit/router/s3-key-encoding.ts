/**
 * Encodes an object key the way S3 writes it into event notifications: form-style URL encoding
 * per path segment (space becomes `+`, `+` becomes `%2B`, parentheses and other reserved
 * characters are percent-encoded) with the `/` separators left as they are.
 */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/%20/g, '+')
        .replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** The inverse, as a consumer must decode an event key. */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
