import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { lambdaSyncPayloadLimitBytes } from '../../../config/defaults.js';
import type { ApiRoutePlan, AwsRoutePlan, RestApiPlan } from '../terraform/kit-plan.js';
import { answerAwsIntegration, type StepFunctionsApi } from './aws-integration.js';
import { buildProxyEvent, proxyEventJsonBytes } from './proxy-event.js';
import { gatewayErrorReply, gatewayErrors, missingParameters, type GatewayError } from './gateway-responses.js';
import { mapProxyResult, type HttpReply } from './proxy-response.js';

/** API Gateway's payload limit for REST APIs (10 MB). */
export const maxPayloadBytes = 10 * 1024 * 1024;
/** API Gateway's integration timeout for REST APIs. */
export const integrationTimeoutMs = 29_000;

export interface ApiRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly stage?: string;
  readonly statusCode: number;
  readonly functionName?: string;
  /** The AWS service action an AWS integration called, e.g. `states:StartExecution`. */
  readonly integration?: string;
  readonly durationMs: number;
  /** Why the gateway answered itself instead of passing the function's reply on (any 4xx/5xx it made). */
  readonly reason?: string;
}

export interface ApiServerEvents {
  request: [ApiRequestRecord];
}

export interface RestApiServerOptions {
  readonly accountId: string;
  /** Synchronous invoke of a function with the proxy event; resolves to Lambda's result. */
  readonly invoke: (functionName: string, event: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { readonly errorType: string; readonly errorMessage: string } }>;
  /** Step Functions for the methods with an AWS integration (StartExecution); without it they answer 500. */
  readonly stepFunctions?: StepFunctionsApi;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 */
  readonly port?: number;
}

/** A method and what answers it: a Lambda proxy integration or an AWS service integration. */
type AnyRoute = { readonly kind: 'proxy'; readonly route: ApiRoutePlan } | { readonly kind: 'aws'; readonly route: AwsRoutePlan };

interface MatchedRoute {
  readonly api: RestApiPlan;
  readonly route: AnyRoute;
  readonly stage: string;
  readonly path: string;
}

function routesOf(api: RestApiPlan): AnyRoute[] {
  return [...api.routes.map((route) => ({ kind: 'proxy' as const, route })), ...(api.awsRoutes ?? []).map((route) => ({ kind: 'aws' as const, route }))];
}

/**
 * The REST APIs' Lambda proxy integrations on one local HTTP server. Each route answers on
 * `/<stage>/<path>` (as the stage's invoke URL) and on `/<path>` (the first stage, like a custom
 * domain's base path mapping). Unknown paths get API Gateway's 403 "Missing Authentication
 * Token", a missing or wrong `x-api-key` on a key-required method 403 "Forbidden", bodies over
 * 10 MB 413, a proxy event over Lambda's 6 MB synchronous payload limit 413 without invoking (a
 * binary body grows by a third in base64), a failed or malformed function reply 502. Methods with
 * an AWS integration (`POST /executions`: Step Functions StartExecution) pass the same API key and
 * size checks, then `answerAwsIntegration` answers (model validation, mapping templates).
 */
export class RestApiServer extends EventEmitter<ApiServerEvents> {
  private apis: readonly RestApiPlan[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  constructor(private readonly options: RestApiServerOptions) {
    super();
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      const started = performance.now();
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'Internal server error' }));
        const reason = `the local API failed: ${error instanceof Error ? error.message : String(error)}`;
        this.emit('request', { method: req.method ?? 'GET', path: req.url ?? '/', statusCode: 502, durationMs: performance.now() - started, reason });
      });
    });
    // Node's parser refuses a request line it cannot read (raw non-ASCII bytes in the URL) with a
    // bare 400 before any handler runs. What API Gateway's front end answers is not known here; the
    // kit answers in the API's 4XX body shape, saying what to send instead.
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      if (error.code === 'HPE_INVALID_URL') return void socket.end(rawHttpReply(gatewayErrorReply(this.apis[0], gatewayErrors.unencodedUrl, randomUUID())));
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400; // Node's own answers
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.baseUrl;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** Replaces the served APIs (idempotent apply). */
  setApis(apis: readonly RestApiPlan[]): void {
    this.apis = apis;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private match(pathname: string, method: string): MatchedRoute | 'no-route' | 'no-method' {
    let pathFound = false;
    const segments = pathname.split('/').filter(Boolean);
    for (const api of this.apis) {
      const candidates: { stage: string; path: string }[] = [];
      if (segments[0] && api.stageNames.includes(segments[0])) candidates.push({ stage: segments[0], path: `/${segments.slice(1).join('/')}` });
      if (api.stageNames[0]) candidates.push({ stage: api.stageNames[0], path: `/${segments.join('/')}` });
      for (const { stage, path } of candidates) {
        const routes = routesOf(api).filter((r) => r.route.path === path);
        if (routes.length === 0) continue;
        pathFound = true;
        const route = routes.find((r) => r.route.method === method || r.route.method === 'ANY');
        if (route) return { api, route, stage, path };
      }
    }
    return pathFound ? 'no-method' : 'no-route';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const matched = this.match(url.pathname, method);
    const requestId = randomUUID();
    let answer: Answer;
    let record: Omit<ApiRequestRecord, 'statusCode' | 'durationMs'> = { method, path: url.pathname };
    if (matched === 'no-route' || matched === 'no-method') {
      req.resume();
      answer = { reply: gatewayErrorReply(this.apis[0], gatewayErrors.missingAuthenticationToken, requestId), reason: `no ${method} route for ${url.pathname}` };
    } else {
      const { route } = matched;
      record = { ...record, stage: matched.stage, ...(route.kind === 'proxy' ? { functionName: route.route.functionName } : { integration: `${route.route.integration.service}:${route.route.integration.action}` }) };
      answer = await this.dispatch(req, url, matched, requestId);
    }
    const { reply, reason } = answer;
    res.writeHead(reply.statusCode, { ...reply.headers, 'x-amzn-RequestId': requestId, 'x-amz-apigw-id': requestId.slice(0, 16), 'Content-Length': String(reply.body.length) });
    res.end(reply.body);
    this.emit('request', { ...record, statusCode: reply.statusCode, durationMs: performance.now() - started, ...(reason !== undefined ? { reason } : {}) });
  }

  /** API key check and body limit, common to both kinds of integration; then the integration answers. */
  private async dispatch(req: IncomingMessage, url: URL, matched: MatchedRoute, requestId: string): Promise<Answer> {
    const { api, route, stage } = matched;
    const refuse = (error: GatewayError, reason: string): Answer => ({ reply: gatewayErrorReply(api, error, requestId), reason });
    const apiKey = req.headers['x-api-key'];
    if (route.route.apiKeyRequired && (typeof apiKey !== 'string' || !(api.apiKeysByStage[stage] ?? []).includes(apiKey))) {
      req.resume();
      return refuse(gatewayErrors.invalidApiKey, typeof apiKey === 'string' ? 'the x-api-key is not a key of this stage' : 'no x-api-key header');
    }
    const missing = route.kind === 'proxy' ? (route.route.requiredHeaders ?? []).filter((name) => req.headers[name.toLowerCase()] === undefined) : [];
    if (missing.length > 0) {
      req.resume();
      return refuse(missingParameters(missing), `the method's request validator requires the header(s) ${missing.join(', ')}`);
    }
    const body = await readBody(req, maxPayloadBytes);
    if (body === 'too-large') return refuse(gatewayErrors.requestTooLarge, `the body is over ${maxPayloadBytes} bytes`);
    if (route.kind === 'aws') return this.answerAws(req, url, { ...matched, route: route.route }, body, requestId);
    return this.answerProxy(req, url, { ...matched, route: route.route }, body, requestId);
  }

  private async answerAws(req: IncomingMessage, url: URL, { api, route, stage }: { api: RestApiPlan; route: AwsRoutePlan; stage: string }, body: Buffer, requestId: string): Promise<Answer> {
    const { stepFunctions } = this.options;
    const action = `${route.integration.service}:${route.integration.action}`;
    if (!stepFunctions) return { reply: gatewayErrorReply(api, gatewayErrors.integrationFailure, requestId), reason: `${action}: the local API has no Step Functions to call` };
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
    const apiKey = req.headers['x-api-key'];
    const answer = await answerAwsIntegration(
      api,
      route,
      {
        body: body.toString('utf8'),
        headers,
        querystring: Object.fromEntries(url.searchParams),
        requestId,
        stage,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        accountId: this.options.accountId,
        ...(typeof apiKey === 'string' ? { apiKey } : {}),
      },
      stepFunctions,
    );
    return { reply: answer.reply, ...(answer.reason !== undefined ? { reason: `${action}: ${answer.reason}` } : {}) };
  }

  private async answerProxy(req: IncomingMessage, url: URL, { api, route, stage, path }: { api: RestApiPlan; route: ApiRoutePlan; stage: string; path: string }, body: Buffer, requestId: string): Promise<Answer> {
    const refuse = (error: GatewayError, reason: string): Answer => ({ reply: gatewayErrorReply(api, error, requestId), reason });
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const event = buildProxyEvent(
      { method: req.method ?? 'GET', path, query: url.searchParams, headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
      {
        accountId: this.options.accountId,
        apiId: api.id,
        stage,
        resourcePath: route.path,
        resourceId: api.id.slice(0, 6),
        requestId,
        domainName: `${api.id}.execute-api.localhost`,
        binaryMediaTypes: api.binaryMediaTypes,
        ...(typeof req.headers['x-api-key'] === 'string' ? { apiKey: req.headers['x-api-key'] } : {}),
      },
    );
    const eventBytes = proxyEventJsonBytes(event);
    if (eventBytes > lambdaSyncPayloadLimitBytes) {
      return refuse(gatewayErrors.lambdaPayloadTooLarge, `the proxy event is ${eventBytes} bytes, over Lambda's ${lambdaSyncPayloadLimitBytes}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), integrationTimeoutMs)));
    try {
      const result = await Promise.race([this.options.invoke(route.functionName, event), timedOut]);
      if (result === 'timeout') return refuse(gatewayErrors.integrationTimeout, `${route.functionName} did not answer within ${integrationTimeoutMs} ms`);
      if (!result.ok) {
        const error = result.error ? `${result.error.errorType}: ${result.error.errorMessage}` : 'no error detail';
        return refuse(gatewayErrors.integrationFailure, `${route.functionName} failed: ${error}`);
      }
      const mapped = mapProxyResult(result.value);
      if (!mapped) return refuse(gatewayErrors.integrationFailure, `${route.functionName} answered no Lambda proxy reply (a statusCode from 100 to 599): ${preview(result.value)}`);
      return { reply: mapped };
    } catch (error) {
      return refuse(gatewayErrors.integrationFailure, `invoking ${route.functionName} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A reply written straight to the socket, for requests Node's HTTP layer could not parse. */
function rawHttpReply(reply: HttpReply): Buffer {
  const lines = [`HTTP/1.1 ${reply.statusCode} ${STATUS_CODES[reply.statusCode] ?? ''}`];
  for (const [name, value] of Object.entries(reply.headers)) for (const one of [value].flat()) lines.push(`${name}: ${one}`);
  lines.push(`Content-Length: ${reply.body.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), reply.body]);
}

/** A reply, and why the gateway made it itself when it did. */
interface Answer {
  readonly reply: HttpReply;
  readonly reason?: string;
}

/** The start of a value's JSON, for a log line. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** The request body, or `too-large` as soon as it passes `limit` bytes (declared or streamed). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
