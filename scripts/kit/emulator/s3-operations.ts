import { unquoteETag } from '../../../functions/events/etag.js';

/** The S3 event name a successful request produces, as S3 names it in notifications. */
export type S3EventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete';

export interface S3RequestFacts {
  readonly method: string;
  readonly key: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Which notification a request to the S3 wire protocol triggers, decided from the request the way
 * S3 names its events (PutObject -> Put, CopyObject -> Copy, ...). Undefined for requests that
 * create or remove nothing (reads, bucket calls, part uploads, multipart starts, renames).
 */
export function s3EventNameOf(request: S3RequestFacts): S3EventName | undefined {
  const { method, key, query, headers } = request;
  if (!key) return undefined;
  if (method === 'PUT') {
    if ('uploadId' in query || 'partNumber' in query || 'renameObject' in query || 'tagging' in query || 'acl' in query) return undefined;
    return headers['x-amz-copy-source'] ? 'ObjectCreated:Copy' : 'ObjectCreated:Put';
  }
  if (method === 'POST' && typeof query.uploadId === 'string') return 'ObjectCreated:CompleteMultipartUpload';
  if (method === 'DELETE' && !('uploadId' in query)) return 'ObjectRemoved:Delete';
  return undefined;
}

/**
 * Size and ETag of the object a successful PutObject stored, when the request alone says so: a
 * plain upload (not a copy, not `aws-chunked`) stores its body as sent, and the reply carries the
 * ETag. Undefined otherwise (the caller reads the object back).
 */
export function plainPutFacts(
  method: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: unknown,
  replyETag: unknown,
): { size: number; eTag: string } | undefined {
  if (method !== 'PUT' || headers['x-amz-copy-source'] !== undefined) return undefined;
  if (String(headers['content-encoding'] ?? '').includes('aws-chunked')) return undefined;
  if (!Buffer.isBuffer(body) || typeof replyETag !== 'string') return undefined;
  return { size: body.length, eTag: unquoteETag(replyETag) };
}

/** Keys named in a DeleteObjects request body (`<Delete><Object><Key>..</Key>`). */
export function deleteObjectsKeys(body: Buffer | string | undefined): string[] {
  if (!body) return [];
  const xml = typeof body === 'string' ? body : body.toString('utf8');
  return [...xml.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => unescapeXml(m[1] ?? ''));
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
