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
