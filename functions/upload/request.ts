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

/** The client's name for the file: `X-Filename`, then `?filename=`, then Content-Disposition. */
export function requestedFileName(event: Pick<APIGatewayProxyEvent, 'headers' | 'queryStringParameters'>): string | undefined {
  const header = headerValue(event, 'x-filename');
  if (header !== undefined && header.trim() !== '') return maybePercentDecoded(header);
  const query = event.queryStringParameters?.filename;
  if (query !== undefined && query !== null && query.trim() !== '') return query;
  const disposition = headerValue(event, 'content-disposition');
  return disposition === undefined ? undefined : contentDispositionFileName(disposition);
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
