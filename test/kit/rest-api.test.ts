import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProxyEvent, isBinaryMediaType, proxyEventJsonBytes } from '../../scripts/kit/api/proxy-event.js';
import { maxPayloadBytes, RestApiServer, type ApiRequestRecord } from '../../scripts/kit/api/rest-api-server.js';
import type { RestApiPlan } from '../../scripts/kit/terraform/kit-plan.js';
import { maxUploadBytesThroughApi } from '../../config/defaults.js';

const api: RestApiPlan = {
  address: 'aws_api_gateway_rest_api.api',
  id: 'abc123',
  name: 'api',
  binaryMediaTypes: ['image/jpeg', 'application/octet-stream'],
  stageNames: ['dev'],
  routes: [{ method: 'POST', path: '/uploads', functionName: 'upload', apiKeyRequired: true, authorization: 'NONE' }],
  apiKeysByStage: { dev: ['good-key'] },
  gatewayResponses: [{ responseType: 'DEFAULT_4XX', templates: { 'application/json': '{"error":"$context.error.responseType","message":$context.error.messageString}' }, headers: {} }],
};

describe('the proxy event', () => {
  const request = (contentType: string) => ({
    method: 'POST',
    path: '/uploads',
    query: new URLSearchParams('a=1&a=2'),
    headers: [['Content-Type', contentType], ['X-Multi', 'one'], ['X-Multi', 'two']] as [string, string][],
    body: Buffer.from([0xff, 0xd8, 0xff]),
    sourceIp: '127.0.0.1',
  });
  const context = { accountId: '000000000000', apiId: 'abc123', stage: 'dev', resourcePath: '/uploads', resourceId: 'r', requestId: 'req-1', domainName: 'abc123.execute-api.localhost', binaryMediaTypes: api.binaryMediaTypes };

  it('base64-encodes a body whose Content-Type is a binary media type', () => {
    const event = buildProxyEvent(request('image/jpeg'), context);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('passes other bodies as text', () => {
    const event = buildProxyEvent(request('text/plain'), context);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe(Buffer.from([0xff, 0xd8, 0xff]).toString('utf8'));
  });

  it('carries single and multi-value headers and query strings and the stage in the request context', () => {
    const event = buildProxyEvent(request('image/jpeg'), context);
    expect(event.headers['X-Multi']).toBe('two');
    expect(event.multiValueHeaders['X-Multi']).toEqual(['one', 'two']);
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1', '2'] });
    expect(event.requestContext).toMatchObject({ stage: 'dev', path: '/dev/uploads', resourcePath: '/uploads', requestId: 'req-1', httpMethod: 'POST' });
  });

  it('counts its size as the bytes of its JSON text, for binary, text and empty bodies', () => {
    const text = { ...request('text/plain'), body: Buffer.from('quote " backslash \\ newline \n tab \t control \u0001 é 日本') };
    const events = [
      buildProxyEvent({ ...request('image/jpeg'), body: Buffer.alloc(3000, 0xfb) }, context),
      buildProxyEvent(text, context),
      buildProxyEvent({ ...request('text/plain'), body: Buffer.alloc(0) }, context),
    ];
    for (const event of events) expect(proxyEventJsonBytes(event)).toBe(Buffer.byteLength(JSON.stringify(event)));
  });

  it('matches wildcard media types', () => {
    expect(isBinaryMediaType('image/png; charset=x', ['image/*'])).toBe(true);
    expect(isBinaryMediaType('text/plain', ['image/*'])).toBe(false);
  });
});

describe('the local REST API', () => {
  const invoked: unknown[] = [];
  const server = new RestApiServer({
    accountId: '000000000000',
    invoke: async (_name, event) => {
      invoked.push(event);
      return { ok: true, value: { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' } };
    },
  });
  let url = '';
  beforeAll(async () => {
    url = await server.listen();
    server.setApis([api]);
  });
  afterAll(() => server.close());

  const post = (path: string, headers: Record<string, string>, body: Buffer | string = 'x') => fetch(`${url}${path}`, { method: 'POST', headers, body });

  it('answers on the stage path and the bare path with the function reply', async () => {
    for (const path of ['/dev/uploads', '/uploads']) {
      const reply = await post(path, { 'x-api-key': 'good-key', 'content-type': 'image/jpeg' });
      expect(reply.status).toBe(201);
      expect(await reply.json()).toEqual({ ok: true });
    }
  });

  it('refuses a missing or wrong API key with the gateway response', async () => {
    const reply = await post('/dev/uploads', { 'x-api-key': 'nope' });
    expect(reply.status).toBe(403);
    expect(await reply.json()).toEqual({ error: 'INVALID_API_KEY', message: 'Forbidden' });
  });

  it('answers an unknown route with Missing Authentication Token', async () => {
    const reply = await post('/dev/elsewhere', { 'x-api-key': 'good-key' });
    expect(reply.status).toBe(403);
    expect(await reply.json()).toEqual({ error: 'MISSING_AUTHENTICATION_TOKEN', message: 'Missing Authentication Token' });
  });

  it('refuses a binary body whose base64 event would pass Lambda\'s 6 MB limit, without invoking the function', async () => {
    const before = invoked.length;
    // 5 MiB is under API Gateway's 10 MB but about 6.7 MB once base64-encoded in the event.
    const reply = await post('/dev/uploads', { 'x-api-key': 'good-key', 'content-type': 'image/jpeg' }, Buffer.alloc(5 * 1024 * 1024));
    expect(reply.status).toBe(413);
    expect(await reply.text()).toContain('6 MB');
    expect(invoked.length).toBe(before);
  });

  it('passes the largest configurable upload through to the function', async () => {
    const before = invoked.length;
    await post('/dev/uploads', { 'x-api-key': 'good-key', 'content-type': 'image/jpeg' }, Buffer.alloc(maxUploadBytesThroughApi));
    expect(invoked.length).toBe(before + 1);
  });

  it('refuses bodies over 10 MB without invoking the function', async () => {
    const before = invoked.length;
    const reply = await post('/dev/uploads', { 'x-api-key': 'good-key', 'content-type': 'image/jpeg' }, Buffer.alloc(maxPayloadBytes + 1));
    expect(reply.status).toBe(413);
    expect(invoked.length).toBe(before);
  });
});

describe('the local REST API when the function does not answer properly', () => {
  const replies: Record<string, () => Promise<{ ok: boolean; value?: unknown; error?: { errorType: string; errorMessage: string } }>> = {
    '/dev/throws': async () => ({ ok: false, error: { errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'body')" } }),
    '/dev/malformed': async () => ({ ok: true, value: { body: 'no status' } }),
    '/dev/unreachable': () => Promise.reject(new Error('Function not found: upload')),
  };
  const routes = Object.keys(replies).map((path) => ({ method: 'POST', path: path.slice('/dev'.length), functionName: path, apiKeyRequired: false, authorization: 'NONE' }));
  let current = '';
  const server = new RestApiServer({ accountId: '000000000000', invoke: () => replies[current]!() });
  const records: ApiRequestRecord[] = [];
  server.on('request', (record) => records.push(record));
  let url = '';
  beforeAll(async () => {
    url = await server.listen();
    server.setApis([{ ...api, routes }]);
  });
  afterAll(() => server.close());

  it.each([
    ['/dev/throws', "/dev/throws failed: TypeError: Cannot read properties of undefined (reading 'body')"],
    ['/dev/malformed', '/dev/malformed answered no Lambda proxy reply (a statusCode from 100 to 599): {"body":"no status"}'],
    ['/dev/unreachable', 'invoking /dev/unreachable failed: Function not found: upload'],
  ])('answers %s with 502 and records why', async (path, reason) => {
    current = path;
    const reply = await fetch(`${url}${path}`, { method: 'POST', body: 'x' });
    expect(reply.status).toBe(502);
    expect(records.at(-1)).toMatchObject({ path, statusCode: 502, reason });
  });
});
