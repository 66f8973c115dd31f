import type { APIGatewayProxyResult } from 'aws-lambda';
import { ImageProcessingError } from '../core/errors.js';

/** Domain error codes the caller may see, and their HTTP status. Anything else is a 500. */
export const statusByErrorCode: Readonly<Record<string, number>> = {
  MissingBody: 400,
  EmptyInput: 400,
  BadRequest: 400,
  BadForm: 400,
  InputTooLarge: 413,
  UnsupportedFormat: 415,
  UnsupportedMediaType: 415,
  PixelLimitExceeded: 422,
  TooCostlyToDecode: 422,
};

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    body: JSON.stringify(body),
  };
}

/** `{error: code, message}` for a known domain error; a bare `InternalError` for anything else. */
export function errorResponse(error: unknown): { response: APIGatewayProxyResult; expected: boolean } {
  const status = error instanceof ImageProcessingError ? statusByErrorCode[error.code] : undefined;
  if (!(error instanceof ImageProcessingError) || status === undefined) {
    return { response: jsonResponse(500, { error: 'InternalError', message: 'The upload failed; try again later.' }), expected: false };
  }
  return { response: jsonResponse(status, { error: error.code, message: error.message }), expected: true };
}
