import type { RestApiPlan } from '../terraform/kit-plan.js';
import { jsonReply, type HttpReply } from './proxy-response.js';

/** API Gateway's own error replies: response type, default status and message. */
export const gatewayErrors = {
  missingAuthenticationToken: { type: 'MISSING_AUTHENTICATION_TOKEN', status: 403, message: 'Missing Authentication Token' },
  invalidApiKey: { type: 'INVALID_API_KEY', status: 403, message: 'Forbidden' },
  requestTooLarge: { type: 'REQUEST_TOO_LARGE', status: 413, message: 'Request Too Long' },
  /** A request line with raw bytes a URL must percent-encode; Node's parser refuses it before routing. */
  unencodedUrl: {
    type: 'BAD_REQUEST_PARAMETERS',
    status: 400,
    message: 'The request URL holds characters that must be percent-encoded (a raw non-ASCII file name?): send ?filename=caf%C3%A9.jpg for café.jpg, or the name in an X-Filename header',
  },
  /** Lambda refuses a synchronous invocation whose event exceeds 6 MB (RequestEntityTooLargeException). */
  lambdaPayloadTooLarge: { type: 'REQUEST_TOO_LARGE', status: 413, message: 'Request Too Long: the Lambda event would exceed 6 MB' },
  integrationFailure: { type: 'DEFAULT_5XX', status: 502, message: 'Internal server error' },
  integrationTimeout: { type: 'INTEGRATION_TIMEOUT', status: 504, message: 'Endpoint request timed out' },
} as const;

export type GatewayError = (typeof gatewayErrors)[keyof typeof gatewayErrors] | { readonly type: string; readonly status: number; readonly message: string };

/** A method whose request validator checks parameters, called without a required one (API Gateway's words). */
export function missingParameters(names: readonly string[]): GatewayError {
  return { type: 'BAD_REQUEST_PARAMETERS', status: 400, message: `Missing required request parameters: [${names.join(', ')}]` };
}

/**
 * The reply for a gateway error, shaped by the API's `aws_api_gateway_gateway_response` for that
 * type, else its DEFAULT_4XX / DEFAULT_5XX, else API Gateway's plain `{"message": ...}`.
 */
export function gatewayErrorReply(api: RestApiPlan | undefined, error: GatewayError, requestId: string): HttpReply {
  const fallbackType = error.status < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX';
  const custom = api?.gatewayResponses.find((r) => r.responseType === error.type) ?? api?.gatewayResponses.find((r) => r.responseType === fallbackType);
  if (!custom) return jsonReply(error.status, { message: error.message });
  const [contentType, template] = Object.entries(custom.templates)[0] ?? ['application/json', undefined];
  const body =
    template === undefined
      ? JSON.stringify({ message: error.message })
      : template
          .replace(/\$context\.error\.messageString/g, JSON.stringify(error.message))
          .replace(/\$context\.error\.message/g, error.message)
          .replace(/\$context\.error\.responseType/g, error.type)
          .replace(/\$context\.requestId/g, requestId);
  return { statusCode: custom.statusCode ?? error.status, headers: { 'Content-Type': contentType, ...custom.headers }, body: Buffer.from(body) };
}
