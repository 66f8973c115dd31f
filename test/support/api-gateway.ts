import type { APIGatewayProxyEvent } from 'aws-lambda';
import { defaults, resolveProcessingSpec } from '../../config/index.js';
import type { UploadSettings } from '../../functions/upload/settings.js';
import { sample, stableId } from './events.js';

/** The upload function's settings for tests: the default suffixes and preset, a 50 MP pixel limit. */
export function uploadSettings(uploadsBucket: string, maxUploadBytes: number): UploadSettings {
  return {
    uploadsBucket,
    triggerPrefix: 'images/',
    allowedSuffixes: [...defaults.triggerSuffixes],
    maxUploadBytes,
    outputPrefix: '',
    processing: resolveProcessingSpec('default', { maxInputPixels: 50_000_000, maxInputBytes: 32 << 20 }),
  };
}

export interface UploadRequest {
  /** Bytes are sent base64-encoded (binary media type); a string is sent as text. */
  readonly body?: Buffer | string | null;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
}

/** An API Gateway REST proxy event for `POST /uploads`, as the upload function receives it. */
export function uploadRequest(request: UploadRequest = {}): APIGatewayProxyEvent {
  const binary = Buffer.isBuffer(request.body);
  const body = request.body === undefined || request.body === null ? null : binary ? (request.body as Buffer).toString('base64') : (request.body as string);
  const headers: Record<string, string> = {
    Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'User-Agent': 'curl/8.5.0',
    'X-Forwarded-For': '203.0.113.7',
    ...(binary && { 'Content-Type': 'application/octet-stream', 'Content-Length': String((request.body as Buffer).length) }),
    ...request.headers,
  };
  const requestId = stableId(`api/${JSON.stringify(headers)}/${body?.slice(0, 64)}`);
  return {
    resource: '/uploads',
    path: '/uploads',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: request.query ?? null,
    multiValueQueryStringParameters: request.query ? Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: binary,
    requestContext: {
      accountId: sample.account,
      apiId: 'abc123',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'POST',
      path: '/dev/uploads',
      stage: 'dev',
      requestId,
      requestTimeEpoch: Date.parse(sample.time),
      resourceId: 'r3s0ur',
      resourcePath: '/uploads',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: 'test-api-key',
        apiKeyId: 'k3y1d',
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'curl/8.5.0',
        userArn: null,
      },
    },
  };
}

export interface FormPart {
  readonly field: string;
  /** Bytes are sent as a file (with `fileName`, `type`); a string as a text field. */
  readonly value: Buffer | string;
  readonly fileName?: string;
  readonly type?: string;
}

/**
 * A `multipart/form-data` body as fetch writes it (as browsers and HTML forms send it): its bytes,
 * and the Content-Type with its boundary.
 */
export async function multipartForm(parts: readonly FormPart[]): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const part of parts) {
    if (typeof part.value === 'string') form.append(part.field, part.value);
    else form.append(part.field, new Blob([part.value], { type: part.type ?? 'application/octet-stream' }), part.fileName ?? 'blob');
  }
  const request = new Request('http://localhost/uploads', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}
