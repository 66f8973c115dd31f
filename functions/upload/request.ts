import type { APIGatewayProxyEvent } from 'aws-lambda';
import { InputTooLargeError } from '../core/errors.js';
import { BadHeaderError, MissingBodyError } from './errors.js';

/** Header lookup ignoring case (API Gateway keeps the client's casing). */
export function headerValue(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [header, value] of Object.entries(event.headers ?? {})) {
    if (header.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text a value's bytes spell in UTF-8 when it arrived one byte per character (Latin-1): how
 * HTTP defines header bytes, and how Node's parser, so the local API, reads a raw
 * `X-Filename: café.jpg` (as `cafÃ©.jpg`). ASCII, text with characters past U+00FF (decoded
 * already) and Latin-1 that is not valid UTF-8 are kept as they are.
 */
export function utf8ReadAsLatin1(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return strictUtf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** Percent-decodes when the value is valid percent-encoding (clients encode non-ASCII names), else keeps it. */
function maybePercentDecoded(value: string): string {
  if (!/%[0-9a-fA-F]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `filename*=UTF-8''...` (RFC 6266/5987) wins over `filename="..."`. */
export function contentDispositionFileName(header: string): string | undefined {
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)'[^']*'([^;]+)/.exec(header);
  if (extended?.[1] !== undefined) return maybePercentDecoded(extended[1].trim());
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  const bare = /filename\s*=\s*([^;\s]+)/.exec(header);
  return bare?.[1];
}

/**
 * The client's name for the file: `X-Filename`, then `?filename=`, then Content-Disposition;
 * percent-encoded or raw UTF-8 alike.
 */
export function requestedFileName(event: Pick<APIGatewayProxyEvent, 'headers' | 'queryStringParameters'>): string | undefined {
  const header = headerValue(event, 'x-filename');
  if (header !== undefined && header.trim() !== '') return maybePercentDecoded(utf8ReadAsLatin1(header));
  const query = event.queryStringParameters?.filename;
  if (query !== undefined && query !== null && query.trim() !== '') return utf8ReadAsLatin1(query);
  const disposition = headerValue(event, 'content-disposition');
  const named = disposition === undefined ? undefined : contentDispositionFileName(disposition);
  return named === undefined ? undefined : utf8ReadAsLatin1(named);
}

/**
 * The request body as bytes, refusing more than `maxBytes` as early as possible: by Content-Length,
 * then by the base64 length, then by the decoded length. A base64 body (binary media types) is
 * decoded; any other body is the UTF-8 text API Gateway passed on (binary sent without a binary
 * media type is already mangled then, and fails the magic-byte check).
 */
export function requestBody(event: Pick<APIGatewayProxyEvent, 'headers' | 'body' | 'isBase64Encoded'>, maxBytes: number, name: string): Buffer {
  const declared = headerValue(event, 'content-length');
  if (declared !== undefined && declared.trim() !== '') {
    if (!/^\d+$/.test(declared.trim())) throw new BadHeaderError('Content-Length', `must be a number of bytes, got ${JSON.stringify(declared)}`);
    const length = Number(declared);
    if (length > maxBytes) throw new InputTooLargeError(name, length, maxBytes);
  }
  if (event.body === null || event.body === undefined || event.body === '') throw new MissingBodyError();
  if (event.isBase64Encoded) {
    const estimate = Math.floor((event.body.replace(/=+$/, '').length * 3) / 4);
    if (estimate > maxBytes) throw new InputTooLargeError(name, estimate, maxBytes);
    const body = Buffer.from(event.body, 'base64');
    if (body.length > maxBytes) throw new InputTooLargeError(name, body.length, maxBytes);
    return body;
  }
  const body = Buffer.from(event.body, 'utf8');
  if (body.length > maxBytes) throw new InputTooLargeError(name, body.length, maxBytes);
  return body;
}
