/**
 * STAND-IN (brief D): a minimal SSM Parameter Store endpoint with the interface of C's server
 * (`scripts/kit/ssm/`, written on C's branch), so that the kit can be built before C lands; the
 * lead keeps C's. GetParameter and GetParameters over the JSON 1.1 protocol, values in memory.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SsmParameterType = 'SecureString' | 'String';

export interface SsmServerOptions {
  readonly region: string;
  readonly accountId: string;
  readonly parameters?: Readonly<Record<string, { readonly value: string; readonly type: SsmParameterType }>>;
}

export interface SsmServer {
  readonly endpoint: string;
  set(name: string, value: string, type?: SsmParameterType): void;
  get(name: string): { value: string; type: SsmParameterType; version: number } | undefined;
  names(): string[];
  stop(): Promise<void>;
}

export async function startSsmServer(options: SsmServerOptions): Promise<SsmServer> {
  const store = new Map<string, { value: string; type: SsmParameterType; version: number }>();
  const set = (name: string, value: string, type: SsmParameterType = 'SecureString'): void => {
    store.set(name, { value, type, version: (store.get(name)?.version ?? 0) + 1 });
  };
  for (const [name, p] of Object.entries(options.parameters ?? {})) set(name, p.value, p.type);
  const shape = (name: string, withDecryption: boolean) => {
    const p = store.get(name)!;
    return {
      Name: name,
      Type: p.type,
      // SSM returns a SecureString's ciphertext without WithDecryption; any opaque text stands for it.
      Value: p.type === 'SecureString' && !withDecryption ? Buffer.from(p.value).toString('base64') : p.value,
      Version: p.version,
      ARN: `arn:aws:ssm:${options.region}:${options.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
      DataType: 'text',
    };
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      };
      const action = String(req.headers['x-amz-target'] ?? '').replace('AmazonSSM.', '');
      let input: { Name?: string; Names?: string[]; WithDecryption?: boolean };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof input;
      } catch {
        return reply(400, { __type: 'ValidationException', message: 'the body is not JSON' });
      }
      if (action === 'GetParameter') {
        if (!input.Name || !store.has(input.Name)) return reply(400, { __type: 'ParameterNotFound', message: `Parameter ${input.Name} not found.` });
        return reply(200, { Parameter: shape(input.Name, input.WithDecryption === true) });
      }
      if (action === 'GetParameters') {
        const names = input.Names ?? [];
        return reply(200, { Parameters: names.filter((n) => store.has(n)).map((n) => shape(n, input.WithDecryption === true)), InvalidParameters: names.filter((n) => !store.has(n)) });
      }
      return reply(400, { __type: 'InvalidAction', message: `${action} is not emulated by the kit` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set,
    get: (name) => store.get(name),
    names: () => [...store.keys()],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
