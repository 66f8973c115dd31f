/** An HTTP reply as API Gateway writes it back to the client. */
export interface HttpReply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

export function jsonReply(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

/**
 * Maps a Lambda proxy reply (statusCode, headers, multiValueHeaders, body, isBase64Encoded) to the
 * HTTP reply; undefined for anything else (API Gateway answers a malformed Lambda response with a 502).
 */
export function mapProxyResult(result: unknown): HttpReply | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const r = result as { statusCode?: unknown; headers?: unknown; multiValueHeaders?: unknown; body?: unknown; isBase64Encoded?: unknown };
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries((r.headers ?? {}) as Record<string, unknown>)) headers[name] = String(value);
  for (const [name, values] of Object.entries((r.multiValueHeaders ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(values)) headers[name] = values.map(String);
  }
  const text = r.body === undefined || r.body === null ? '' : String(r.body);
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
}
