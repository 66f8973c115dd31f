import { LocalStackError } from '../errors.js';

const howToStart =
  'Start it with `docker compose up -d` in the repository root and wait for the health check ' +
  '(images after localstack/localstack:4.14 need LOCALSTACK_AUTH_TOKEN in your environment), ' +
  'or pass --endpoint <url> of the one you run.';

/**
 * The names a health check may give a provider `endpoints` key: LocalStack says `cloudwatch` and
 * `stepfunctions`, MiniStack the signing names `monitoring` and `states`.
 */
const healthNames: Readonly<Record<string, readonly string[]>> = { cloudwatch: ['cloudwatch', 'monitoring'], sfn: ['stepfunctions', 'states', 'sfn'] };

const statusOf = (running: Record<string, string>, service: string): string | undefined =>
  (healthNames[service] ?? [service]).map((name) => running[name]).find((status) => status !== undefined);

/**
 * Fails with a message saying what to do when LocalStack is not answering on its health endpoint,
 * or when a service the stack needs (its provider's endpoints) is not available there.
 */
export async function checkLocalStackHealth(endpoint: string, services: readonly string[], fetchImpl: typeof fetch = fetch): Promise<{ version?: string }> {
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
  const running = body.services ?? {};
  const down = services.filter((s) => !['running', 'available'].includes(statusOf(running, s) ?? ''));
  if (down.length > 0) {
    throw new LocalStackError(`LocalStack at ${endpoint} does not offer ${down.map((s) => `${s} (${statusOf(running, s) ?? 'absent'})`).join(', ')}; the local stack needs ${services.join(', ')}.`);
  }
  return body.version ? { version: body.version } : {};
}
