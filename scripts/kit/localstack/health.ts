import { LocalStackError } from '../errors.js';

export const localStackEndpoint = 'http://localhost:4566';
/** The services the `local` stack uses on the data path. */
export const requiredServices = ['s3', 'sqs', 'lambda', 'apigateway', 'iam', 'sts'] as const;

const howToStart =
  'Start it with `docker compose up -d` in the repository root and wait for the health check ' +
  '(images after localstack/localstack:4.14 need LOCALSTACK_AUTH_TOKEN in your environment).';

/**
 * Fails with a message saying what to do when LocalStack is not answering on its health endpoint,
 * or when a service the stack needs is not available there.
 */
export async function checkLocalStackHealth(endpoint: string = localStackEndpoint, fetchImpl: typeof fetch = fetch): Promise<{ version?: string }> {
  const url = `${endpoint}/_localstack/health`;
  let body: { services?: Record<string, string>; version?: string };
  try {
    const reply = await fetchImpl(url, { signal: AbortSignal.timeout(3000) });
    if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
    body = (await reply.json()) as typeof body;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new LocalStackError(`LocalStack is not reachable at ${url} (${cause}). ${howToStart}`, { cause: error });
  }
  const services = body.services ?? {};
  const down = requiredServices.filter((s) => !['running', 'available'].includes(services[s] ?? ''));
  if (down.length > 0) {
    throw new LocalStackError(`LocalStack at ${endpoint} does not offer ${down.map((s) => `${s} (${services[s] ?? 'absent'})`).join(', ')}; the local stack needs ${requiredServices.join(', ')}.`);
  }
  return body.version ? { version: body.version } : {};
}
