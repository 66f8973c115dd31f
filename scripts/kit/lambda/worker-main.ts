/**
 * A function's sandbox: one Node 22 process that imports the handler once (the cold start) and
 * then serves invocations from the runner, one at a time, like a warm Lambda execution
 * environment. argv: <handler entry> <export name> [<wrapper module>].
 */
import { flushCompileCache } from 'node:module';
import { pathToFileURL } from 'node:url';
import { toJsonValue } from './json-value.js';
import { endOfInvocationMarker, type InvocationContextData, type LambdaErrorPayload, type RunnerToWorker, type WorkerToRunner } from './worker-protocol.js';

type Handler = (event: unknown, context: unknown) => unknown;

function send(message: WorkerToRunner): void {
  process.send?.(message);
}

function toPayload(error: unknown, fallbackType: string): LambdaErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name || fallbackType, errorMessage: error.message, stackTrace: (error.stack ?? '').split('\n').slice(1).map((l) => l.trim()) };
  }
  return { errorType: fallbackType, errorMessage: String(error) };
}

function lambdaContext(data: InvocationContextData): Record<string, unknown> {
  return {
    ...data,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, data.deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function loadHandler(entry: string, exportName: string, wrapper: string | undefined): Promise<Handler> {
  const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  const handler = mod[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${entry} does not export a function named ${exportName}`), { name: 'Runtime.HandlerNotFound' });
  }
  if (!wrapper) return handler as Handler;
  const wrap = ((await import(pathToFileURL(wrapper).href)) as { wrapHandler?: (h: Handler) => Handler }).wrapHandler;
  if (typeof wrap !== 'function') throw new Error(`${wrapper} does not export wrapHandler`);
  return wrap(handler as Handler);
}

// The runner is this sandbox's only reason to exist: when its IPC channel closes (the runner
// disconnected, exited or was killed, even with SIGKILL), exit rather than run on as an orphan.
process.on('disconnect', () => process.exit());

const [entry, exportName = 'handler', wrapper] = process.argv.slice(2);
if (!entry) throw new Error('worker-main: no handler entry given');

try {
  const handler = await loadHandler(entry, exportName, wrapper);
  // Node writes its compile cache (typescript-hooks.mjs turns it on) at exit, and the runner ends a sandbox with SIGKILL.
  flushCompileCache();
  process.on('message', (message: RunnerToWorker) => {
    if (message.type !== 'invoke') return;
    void (async () => {
      let result: WorkerToRunner;
      try {
        const value = await handler(message.event, lambdaContext(message.context));
        result = { type: 'result', id: message.id, ok: true, value: toJsonValue(value) ?? null };
      } catch (error) {
        console.error(JSON.stringify({ level: 'ERROR', message: 'Invoke Error', ...toPayload(error, 'Error'), requestId: message.context.awsRequestId }));
        result = { type: 'result', id: message.id, ok: false, error: toPayload(error, 'Error') };
      }
      // A line of its own, even after a handler's unfinished line.
      process.stdout.write(`\n${endOfInvocationMarker}${message.id}\n`);
      process.stderr.write(`\n${endOfInvocationMarker}${message.id}\n`);
      send(result);
    })();
  });
  // Keep the sandbox alive between invocations; the runner ends it.
  process.channel?.ref();
  send({ type: 'ready' });
} catch (error) {
  const payload = toPayload(error, 'Runtime.ImportModuleError');
  console.error(JSON.stringify({ level: 'ERROR', message: 'Init Error', ...payload }));
  send({ type: 'initError', error: payload });
  process.exitCode = 1;
  process.disconnect?.();
}
