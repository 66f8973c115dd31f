import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getParameter } from './actions/get-parameter.js';
import { getParameters } from './actions/get-parameters.js';
import { getParametersByPath } from './actions/get-parameters-by-path.js';
import { ParameterStore, type ParameterType } from './parameter-store.js';
import { SsmError } from './ssm-errors.js';

export interface SsmServerOptions {
  readonly region: string;
  readonly accountId: string;
  /** Parameters present from the start, each at version 1. */
  readonly parameters?: Readonly<Record<string, { readonly value: string; readonly type: ParameterType }>>;
}

export interface SsmServer {
  /** `http://127.0.0.1:<port>`: what functions get as `AWS_ENDPOINT_URL_SSM`. */
  readonly endpoint: string;
  /** Creates or overwrites a parameter (a new version); a new one is a SecureString unless `type` says otherwise. */
  set(name: string, value: string, type?: ParameterType): void;
  /** The current value, undefined when there is no such parameter. */
  get(name: string): string | undefined;
  names(): string[];
  stop(): Promise<void>;
}

/** The operations served, by `X-Amz-Target`; each takes the request body and the store, and never touches HTTP. */
const actions: Readonly<Record<string, (body: Record<string, unknown>, store: ParameterStore) => object>> = {
  'AmazonSSM.GetParameter': getParameter,
  'AmazonSSM.GetParameters': getParameters,
  'AmazonSSM.GetParametersByPath': getParametersByPath,
};

/**
 * The part of SSM Parameter Store the functions read, on 127.0.0.1 (port 0), speaking SSM's JSON
 * protocol (`X-Amz-Target: AmazonSSM.<Operation>`, `application/x-amz-json-1.1`), so the real SDK
 * and Powertools Parameters run against it unchanged. Signatures are not checked.
 */
export async function startSsmServer(options: SsmServerOptions): Promise<SsmServer> {
  const store = new ParameterStore(options.region, options.accountId);
  for (const [name, { value, type }] of Object.entries(options.parameters ?? {})) store.set(name, value, type);

  const server = createServer((request, response) => {
    void answer(request, response, store);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    set: (name, value, type) => store.set(name, value, type),
    get: (name) => store.get(name)?.value,
    names: () => store.names(),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, store: ParameterStore): Promise<void> {
  try {
    const target = request.headers['x-amz-target'];
    const action = typeof target === 'string' && Object.hasOwn(actions, target) ? actions[target] : undefined;
    const text = await readBody(request);
    if (request.method !== 'POST' || action === undefined) throw new SsmError('UnknownOperationException', `Unknown operation ${String(target)}`);
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new SsmError('SerializationException', 'Start of structure or map found where not expected.');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SsmError('SerializationException', 'Expected a JSON object.');
    reply(response, 200, action(body as Record<string, unknown>, store));
  } catch (error) {
    const known = error instanceof SsmError ? error : new SsmError('InternalServerError', String(error), 500);
    reply(response, known.status, { __type: known.code, message: known.message });
  }
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
