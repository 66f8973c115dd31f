/**
 * Whether an S3 error says the object is not there: `NotFound` (a HEAD answer has no body, so S3's
 * SDK names it by the status alone), `NoSuchKey`, or any 404. Anything else (access denied, a
 * throttle, a network error) is an error, not a missing object.
 */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
