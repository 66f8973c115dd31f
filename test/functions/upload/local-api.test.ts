/**
 * The upload function behind the local REST API, over real HTTP: what a browser form, curl -F and
 * raw unicode names get. The binary media types decide whether a form reaches the function intact.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaults } from '../../../config/index.js';
import { createUploadHandler } from '../../../functions/upload/create-handler.js';
import { binaryMediaTypesFor } from '../../../stacks/binary-media-types.js';
import { RestApiServer } from '../../../scripts/kit/api/rest-api-server.js';
import type { RestApiPlan } from '../../../scripts/kit/terraform/kit-plan.js';
import { multipartForm, uploadSettings } from '../../support/api-gateway.js';
import { startEmulator, type Emulator } from '../../support/emulator.js';
import { recordingLogger } from '../../support/logger.js';

const jpeg = readFileSync(new URL('../../../fixtures/images/photo-640x480.jpg', import.meta.url));
const bucket = 'imgpipe-dev-uploads-123456789012';
const apiKey = 'local-key';

/** The API's binary media types for the default suffixes, with and without multipart/form-data. */
const imageTypes = binaryMediaTypesFor(defaults.triggerSuffixes).filter((type) => type !== 'multipart/form-data');
const withForms = [...imageTypes, 'multipart/form-data'];

function api(id: string, stage: string, binaryMediaTypes: readonly string[]): RestApiPlan {
  return {
    address: `aws_api_gateway_rest_api.${id}`,
    id,
    name: id,
    binaryMediaTypes,
    stageNames: [stage],
    routes: [{ method: 'POST', path: '/uploads', functionName: 'upload', apiKeyRequired: true, authorization: 'NONE' }],
    apiKeysByStage: { [stage]: [apiKey] },
    gatewayResponses: [{ responseType: 'DEFAULT_4XX', templates: { 'application/json': '{"error":"$context.error.responseType","message":$context.error.messageString}' }, headers: {} }],
  };
}

let emulator: Emulator;
let s3: S3Client;
let server: RestApiServer;
let baseUrl = '';

beforeAll(async () => {
  ({ server: emulator, s3 } = await startEmulator([bucket]));
  const handler = createUploadHandler({ s3, logger: recordingLogger(), settings: uploadSettings(bucket, 1_000_000) });
  // Events and replies cross as JSON, as they do into and out of a Lambda sandbox.
  server = new RestApiServer({ accountId: '000000000000', invoke: async (_name, event) => ({ ok: true, value: JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(event))))) }) });
  baseUrl = await server.listen();
  // `forms` lists multipart/form-data as binary, `images` (today's module default) does not.
  server.setApis([api('forms', 'forms', withForms), api('images', 'images', imageTypes)]);
});
afterAll(async () => {
  await server.close();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

async function storedKeys(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => (o.Key ?? '').replace(/^images\/\d{4}\/\d\d\/\d\d\/[0-9a-f-]{36}-/, ''));
}

/** Sends bytes as they are (fetch would percent-encode the URL); resolves to the status and the body. */
function rawRequest(head: string, body: Buffer): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // Written, not ended: the server closes the connection after its reply (Connection: close).
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.concat([Buffer.from(head, 'utf8'), body])));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [statusLine = '', ...rest] = text.split('\r\n');
      resolve({ status: Number(statusLine.split(' ')[1]), body: rest.join('\r\n').split('\r\n\r\n').slice(1).join('\r\n\r\n') });
    });
  });
}

const rawUpload = (target: string, headers: string[] = []) =>
  rawRequest([`POST ${target} HTTP/1.1`, 'Host: localhost', `x-api-key: ${apiKey}`, 'Content-Type: image/jpeg', `Content-Length: ${jpeg.length}`, 'Connection: close', ...headers, '', ''].join('\r\n'), jpeg);

describe('the local upload API: forms', () => {
  it('accepts a browser form upload when multipart/form-data is a binary media type (the body reaches the function base64-encoded)', async () => {
    const { body, contentType } = await multipartForm([{ field: 'file', value: jpeg, fileName: 'été.jpg', type: 'image/jpeg' }]);
    const reply = await fetch(`${baseUrl}/forms/uploads`, { method: 'POST', body, headers: { 'Content-Type': contentType, 'x-api-key': apiKey } });

    expect(reply.status).toBe(201);
    expect(await reply.json()).toMatchObject({ contentType: 'image/jpeg', bytes: jpeg.length });
    expect(await storedKeys()).toEqual(['été.jpg']);
  });

  it('answers a form with 415 and what to send instead when multipart/form-data is not a binary media type', async () => {
    const { body, contentType } = await multipartForm([{ field: 'file', value: jpeg, fileName: 'x.jpg', type: 'image/jpeg' }]);
    const reply = await fetch(`${baseUrl}/images/uploads`, { method: 'POST', body, headers: { 'Content-Type': contentType, 'x-api-key': apiKey } });

    expect(reply.status).toBe(415);
    expect(await reply.json()).toEqual({ error: 'UnsupportedMediaType', message: expect.stringContaining('curl --data-binary @photo.jpg') });
    expect(await storedKeys()).toEqual([]);
  });
});

describe('the local upload API: raw unicode names', () => {
  it('answers a raw (not percent-encoded) unicode ?filename= with a JSON 400 saying how to encode it', async () => {
    const reply = await rawUpload('/forms/uploads?filename=café.jpg');

    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: 'BAD_REQUEST_PARAMETERS', message: expect.stringContaining('?filename=caf%C3%A9.jpg') });
    expect(await storedKeys()).toEqual([]);
  });

  it('stores a percent-encoded ?filename= and a raw UTF-8 X-Filename under their real names', async () => {
    expect((await rawUpload('/forms/uploads?filename=caf%C3%A9.jpg')).status).toBe(201);
    expect((await rawUpload('/forms/uploads', ['X-Filename: 写真.jpg'])).status).toBe(201);
    expect((await storedKeys()).sort()).toEqual(['café.jpg', '写真.jpg']);
  });
});
