import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { RestApiServer } from './api/rest-api-server.js';
import { startAfterServices, type AfterServices } from './after-services.js';
import { applyPlan, type ApplyTargets } from './apply-plan.js';
import { emulatedAccountId } from './emulated-account.js';
import { startEmbeddedEmulator, type EmbeddedEmulator } from './emulator/embedded-emulator.js';
import { KitError } from './errors.js';
import { wireEvents } from './event-wiring.js';
import type { EventBus } from './eventbridge/event-bus.js';
import { describeFault, errorText, KitFaults, type KitFault } from './kit-faults.js';
import type { KitOptions } from './kit-options.js';
import { EventSourcePoller } from './lambda/event-source-poller.js';
import { LambdaRunner } from './lambda/lambda-runner.js';
import type { WorkerSpec } from './lambda/lambda-worker.js';
import type { LogLine } from './lambda/log-store.js';
import { applyOverrides } from './plan-overrides.js';
import { EventRouter } from './router/event-router.js';
import { sendByQueueArn } from './sqs/send-by-queue-arn.js';
import type { StepFunctions } from './stepfunctions/step-functions.js';
import type { FunctionPlan, KitPlan } from './terraform/kit-plan.js';
import { loadPlan, providerRegion } from './terraform/load-plan.js';
import { readTfJson, stackFilePath } from './terraform/tf-json.js';
import { validateStack } from './terraform/validate.js';
import type { WebhookReceivers } from './webhooks/local-receivers.js';
import type { WebhookSecret } from './webhooks/webhook-secret.js';

export interface Kit {
  readonly plan: KitPlan;
  /** Local-only overrides in effect, one line each. */
  readonly notes: readonly string[];
  readonly region: string;
  /** The S3 + SQS endpoint. */
  readonly endpoint: string;
  /** Base URL of the local API Gateway. */
  readonly apiUrl: string;
  /** `<apiUrl>/<stage>/uploads` when the stack declares that route. */
  readonly uploadUrl?: string;
  /** `<apiUrl>/<stage>/executions` when the stack declares `POST /executions` (StartExecution for an uploaded key). */
  readonly executionsUrl?: string;
  /** The x-api-key value the local API accepts. */
  readonly apiKey?: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly clients: { readonly s3: S3Client; readonly sqs: SQSClient };
  readonly emulator: EmbeddedEmulator;
  readonly router: EventRouter;
  readonly runner: LambdaRunner;
  readonly api: RestApiServer;
  readonly pollers: ReadonlyMap<string, EventSourcePoller>;
  /** The stack's state machines: every execution (`listExecutions()`), `statusChange` events. */
  readonly stepFunctions: StepFunctions;
  /** The default EventBridge bus: the stack's rules; `event` and `delivery` events. */
  readonly eventBus: EventBus;
  /** The kit's own errors while running (failed notifications, receives, deletes, object events, API 5xx, bus deliveries). */
  readonly faults: KitFaults;
  /** Emits `activity` whenever something may have changed (objects, batches, invocations, faults). */
  readonly activity: EventEmitter<{ activity: [] }>;
  /** The stack's DynamoDB tables on dynalite (`endpoint`, `client`), when it declares any. */
  readonly dynamo?: AfterServices['dynamo'];
  /** The stack's SSM parameters (`endpoint`, `get(name)`), when it declares any. */
  readonly ssm?: AfterServices['ssm'];
  /** The value generated this run for each write-only parameter (the webhook secrets), by parameter name. */
  readonly secrets: ReadonlyMap<string, WebhookSecret>;
  /** A local receiver per webhook subscription of the notify function (`get(id).deliveries`, `answerWith`). */
  readonly webhooks: WebhookReceivers;
  /** Milliseconds from `startKit` to everything applied and listening. */
  readonly readyMs: number;
  queueUrl(name: string): string;
  /** Applies the plan again (idempotent: nothing is duplicated, no new test events). */
  reapply(): Promise<void>;
  /** Resolves when no delivery, invocation, batch, bus delivery or execution is running and every mapped queue is empty. */
  waitForIdle(options?: { timeoutMs?: number }): Promise<void>;
  /** Whether nothing is running or waiting now: no delivery, invocation, batch, bus delivery or execution, and every mapped queue empty. */
  isIdle(): Promise<boolean>;
  stop(): Promise<void>;
}

const defaultCredentials = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

function logSinkOf(logs: KitOptions['logs']): ((line: LogLine) => void) | undefined {
  if (typeof logs === 'function') return logs;
  if (logs === 'stderr') return (line) => process.stderr.write(`[${line.functionName}] ${line.text}\n`);
  return undefined;
}

function faultSinkOf(faultLog: KitOptions['faultLog'] = 'stderr'): ((fault: KitFault) => void) | undefined {
  if (typeof faultLog === 'function') return faultLog;
  if (faultLog === 'stderr') return (fault) => process.stderr.write(`${describeFault(fault)}\n`);
  return undefined;
}

/** The environment a function's sandbox gets: Lambda's own variables, the Terraform's, then the emulator endpoint. */
export function functionEnvironment(
  fn: FunctionPlan,
  ctx: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; repoRoot: string; extra?: Readonly<Record<string, string>>; serviceEndpoints?: Readonly<Record<string, string>> },
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    LAMBDA_TASK_ROOT: ctx.repoRoot,
    _HANDLER: 'index.handler',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime || 'nodejs22.x'}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'kit/[$LATEST]local',
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    ...fn.environment,
    ...(ctx.extra ?? {}),
    AWS_REGION: ctx.region,
    AWS_DEFAULT_REGION: ctx.region,
    AWS_ENDPOINT_URL: ctx.endpoint,
    // DynamoDB and SSM are not fauxqs's: their own local servers, when the stack has tables or parameters.
    ...(ctx.serviceEndpoints ?? {}),
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: ctx.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ctx.credentials.secretAccessKey,
  };
}

/**
 * Builds the synthesized stack on the embedded emulator and runs it: S3 + SQS (fauxqs), the event
 * router (S3 notifications), the Lambda runner (warm child processes, event source mappings), the
 * EventBridge default bus and Step Functions, and the local REST API. Validate, load, apply; then
 * serve until `stop()`.
 */
export async function startKit(options: KitOptions = {}): Promise<Kit> {
  const started = performance.now();
  const stack = options.stack ?? 'dev';
  const repoRoot = resolve(options.repoRoot ?? process.cwd());
  const accountId = options.accountId ?? emulatedAccountId;
  const credentials = options.credentials ?? defaultCredentials;
  const apiKeyValue = options.apiKeyValue ?? `kit-${randomBytes(12).toString('hex')}`;
  const maxWorkers = options.maxWorkersPerFunction ?? availableParallelism();

  const source = options.tfJson ? `stack ${stack}` : join(repoRoot, stackFilePath(stack));
  const tf = options.tfJson ?? readTfJson(source);
  validateStack(tf, source);
  const region = providerRegion(tf) ?? 'us-east-1';

  const emulator = options.emulator ?? (await startEmbeddedEmulator({ defaultRegion: region }));
  const s3 = new S3Client({ endpoint: emulator.endpoint, region, credentials, forcePathStyle: true });
  const sqs = new SQSClient({ endpoint: emulator.endpoint, region, credentials });
  // Lambda sends destination records to a queue of the stack (known once applied).
  const queueArnToUrl = new Map<string, string>();
  const sendToDestination = sendByQueueArn(sqs, (arn) => queueArnToUrl.get(arn), (arn) => new KitError('Destination', `no queue ${arn}`));
  const runner = new LambdaRunner({
    maxWorkersPerFunction: maxWorkers,
    ...(logSinkOf(options.logs) ? { logSink: logSinkOf(options.logs)! } : {}),
    ...(options.asyncRetryDelaysMs ? { asyncRetryDelaysMs: options.asyncRetryDelaysMs } : {}),
    sendToDestination: async (queueArn, record) => {
      await sendToDestination(queueArn, JSON.stringify(record));
    },
  });
  const activity = new EventEmitter<{ activity: [] }>();
  const poke = (): void => void activity.emit('activity');
  const faults = new KitFaults();
  const stateMachineNotes: string[] = [];
  const events = wireEvents({
    region,
    accountId,
    runner,
    sqs,
    queueUrlOfArn: (arn) => queueArnToUrl.get(arn),
    faults,
    retryIntervalScale: options.stepFunctionsRetryIntervalScale ?? 0.01,
    retryDelayMs: options.eventBridgeRetryDelayMs ?? 0,
    note: (line) => stateMachineNotes.push(line),
    poke,
  });
  const api = new RestApiServer({ accountId, invoke: (name, event) => runner.invoke(name, event, 'api'), stepFunctions: events.stepFunctions });
  const apiUrl = await api.listen();
  const emulatorPort = emulator.port;
  const queueUrlOf = (name: string): string => `http://sqs.${region}.localhost:${emulatorPort}/${accountId}/${name}`;

  const loaded = loadPlan(tf, {
    stack,
    repoRoot,
    ...(options.functionEntries ? { functionEntries: options.functionEntries } : {}),
    env: { region, accountId, queueUrl: queueUrlOf, apiBaseUrl: () => apiUrl, apiKeyValue: () => apiKeyValue },
  });
  const overridden = applyOverrides(loaded, options.overrides ?? {});
  let after: AfterServices;
  try {
    after = await startAfterServices(overridden.plan, {
      region,
      accountId,
      credentials,
      ...(options.notifyVisibilityTimeoutSeconds !== undefined ? { notifyVisibilityTimeoutSeconds: options.notifyVisibilityTimeoutSeconds } : {}),
    });
  } catch (error) {
    await api.close();
    s3.destroy();
    sqs.destroy();
    if (!options.emulator) await emulator.stop();
    throw error;
  }
  const { plan } = after;
  const notes = [
    ...overridden.notes,
    ...after.notes,
    ...plan.eventSourceMappings
      .filter((m) => (m.maximumConcurrency ?? Number.POSITIVE_INFINITY) > maxWorkers)
      .map((m) => `${m.address}: maximum concurrency ${m.maximumConcurrency ?? 'unset'} -> ${maxWorkers} (local sandboxes per function, maxWorkersPerFunction)`),
  ];

  const router = new EventRouter(region, {
    sendToQueue: sendByQueueArn(sqs, (arn) => queueArnToUrl.get(arn), (arn) => new KitError('Routing', `no queue ${arn}`)),
    invokeAsync: async (functionArn, event) => {
      await runner.invokeAsync(functionArn, event, 's3');
    },
  });
  emulator.events.on('object', (event) => {
    poke();
    // Seeding a replay mutes both: S3 notifications and the bucket's events to EventBridge.
    if (!router.muted) {
      try {
        events.objectEvent(event);
      } catch (error) {
        faults.record({ source: 'emulator', action: 'object event to EventBridge', message: errorText(error), object: { bucket: event.bucket, key: event.key } });
      }
    }
    void router.route(event).finally(poke);
  });
  runner.on('invocation', poke);
  router.on('delivered', poke);

  // Errors no caller sees otherwise: each is logged and kept, and wakes whoever waits on activity.
  const faultSink = faultSinkOf(options.faultLog);
  faults.on('fault', (fault) => {
    faultSink?.(fault);
    poke();
  });
  router.on('deliveryError', ({ bucket, key, target, error }) =>
    faults.record({ source: 'router', action: `${target.kind === 'queue' ? 'SendMessage to' : 'Invoke of'} ${target.targetArn}`, message: errorText(error), object: { bucket, key } }),
  );
  runner.on('asyncError', ({ functionName, trigger, error }) => faults.record({ source: 'runner', action: `asynchronous invocation of ${functionName} (${trigger})`, message: errorText(error) }));
  emulator.events.on('objectEventError', ({ bucket, key, error }) => faults.record({ source: 'emulator', action: 'object event', message: errorText(error), object: { bucket, key } }));
  api.on('request', (request) => {
    if (request.statusCode >= 500) faults.record({ source: 'api', action: `${request.method} ${request.path} answered ${request.statusCode}`, message: request.reason ?? 'no reason recorded' });
  });

  const pollers = new Map<string, EventSourcePoller>();
  const pollerSignature = new Map<string, string>();
  const workerSpec = (fn: FunctionPlan): WorkerSpec => ({
    functionName: fn.name,
    functionArn: fn.arn,
    entry: options.functionEntries?.[fn.pipelineFunction] ?? fn.entry,
    exportName: fn.handlerExport,
    ...(options.handlerWrappers?.[fn.pipelineFunction] ? { wrapper: options.handlerWrappers[fn.pipelineFunction]! } : {}),
    memoryMb: fn.memoryMb,
    timeoutSeconds: fn.timeoutSeconds,
    env: functionEnvironment(fn, { region, endpoint: emulator.endpoint, credentials, repoRoot, serviceEndpoints: after.env, ...(options.extraFunctionEnv ? { extra: options.extraFunctionEnv } : {}) }),
    cwd: repoRoot,
  });

  const applyTargets: ApplyTargets = {
    s3,
    sqs,
    router,
    runner,
    api,
    workerSpec,
    queueCreated: (queue, url) => queueArnToUrl.set(queue.arn, url),
    startMapping: async (mapping, queue, queueUrl) => {
      const signature = JSON.stringify({ mapping, queueUrl });
      if (pollerSignature.get(mapping.address) === signature) return;
      await pollers.get(mapping.address)?.stop();
      const poller = new EventSourcePoller({
        mapping,
        queueUrl,
        queueArn: queue.arn,
        region,
        sqs,
        invoke: (event) => runner.invoke(mapping.functionName, event, `queue:${queue.name}`),
        maxConcurrency: Math.max(1, Math.min(mapping.maximumConcurrency ?? Number.POSITIVE_INFINITY, maxWorkers)),
        waitTimeSeconds: options.pollWaitSeconds ?? 20,
      });
      poller.on('batch', poke);
      // Idle is decided after the batch's slot is free, which is after its `batch` event.
      poller.on('settled', poke);
      poller.on('pollError', (failure) =>
        faults.record({
          source: 'poller',
          action:
            failure.stage === 'receive'
              ? `ReceiveMessage from ${queue.name} (failure ${failure.consecutive} in a row, next try in ${failure.retryInMs} ms)`
              : `${failure.stage === 'delete' ? 'DeleteMessageBatch on' : 'invoking the batch of'} ${queue.name} (${failure.messageIds.join(', ')})`,
          message: errorText(failure.error),
        }),
      );
      pollers.set(mapping.address, poller);
      pollerSignature.set(mapping.address, signature);
      poller.start();
    },
  };
  const applyAll = async (): Promise<Awaited<ReturnType<typeof applyPlan>>> => {
    const result = await applyPlan(plan, applyTargets);
    events.apply(plan);
    return result;
  };
  let applied: Awaited<ReturnType<typeof applyPlan>>;
  try {
    applied = await applyAll();
  } catch (error) {
    // A refused apply (a notification without its Lambda permission, a state machine the kit cannot run) leaves nothing running.
    await Promise.all([...pollers.values()].map((p) => p.stop()));
    await runner.stop();
    await api.close();
    await after.stop();
    s3.destroy();
    sqs.destroy();
    if (!options.emulator) await emulator.stop();
    throw error;
  }
  notes.push(...stateMachineNotes);
  if (options.prewarm ?? true) void runner.prewarm();

  const stage = plan.restApis[0]?.stageNames[0];
  const uploadRoute = plan.restApis[0]?.routes.find((r) => r.path === '/uploads');
  const executionsRoute = plan.restApis[0]?.awsRoutes?.find((r) => r.path === '/executions' && r.method === 'POST');
  const needsKey = plan.restApis.some((a) => [...a.routes, ...(a.awsRoutes ?? [])].some((r) => r.apiKeyRequired));
  const mappedQueueUrls = plan.eventSourceMappings.map((m) => applied.queueUrls.get(m.queueName)).filter((u): u is string => !!u);

  const isIdle = async (): Promise<boolean> => {
    if (router.pending > 0 || runner.active > 0 || events.active > 0) return false;
    if ([...pollers.values()].some((p) => p.activeBatches > 0)) return false;
    for (const url of mappedQueueUrls) {
      const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
      if (Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible) + Number(a.ApproximateNumberOfMessagesDelayed) > 0) return false;
    }
    return router.pending === 0 && runner.active === 0 && events.active === 0;
  };

  const readyMs = performance.now() - started;
  let stopped = false;
  return {
    plan,
    notes,
    region,
    endpoint: emulator.endpoint,
    apiUrl,
    ...(stage && uploadRoute ? { uploadUrl: `${apiUrl}/${stage}/uploads` } : {}),
    ...(stage && executionsRoute ? { executionsUrl: `${apiUrl}/${stage}/executions` } : {}),
    ...(needsKey || plan.apiKeys.length > 0 ? { apiKey: plan.apiKeys[0]?.value ?? apiKeyValue } : {}),
    credentials,
    clients: { s3, sqs },
    emulator,
    router,
    runner,
    api,
    pollers,
    stepFunctions: events.stepFunctions,
    eventBus: events.bus,
    faults,
    activity,
    ...(after.dynamo ? { dynamo: after.dynamo } : {}),
    ...(after.ssm ? { ssm: after.ssm } : {}),
    secrets: after.secrets,
    webhooks: after.receivers,
    readyMs,
    queueUrl: (name) => applied.queueUrls.get(name) ?? queueUrlOf(name),
    reapply: async () => {
      await applyAll();
    },
    isIdle,
    waitForIdle: async ({ timeoutMs = 60_000 } = {}) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (await isIdle()) return;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new KitError('Timeout', `the kit was still busy after ${timeoutMs} ms`);
        // Wake on activity, or re-check soon: visibility timeouts expire without an event.
        await new Promise<void>((resolveWait) => {
          const timer = setTimeout(done, Math.min(200, remaining));
          function done(): void {
            clearTimeout(timer);
            activity.off('activity', done);
            resolveWait();
          }
          activity.once('activity', done);
        });
      }
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Executions first (aborted, their events go nowhere), then polling, then the sandboxes, so
      // that running batches settle at once.
      await events.stop();
      const pollersStopped = Promise.all([...pollers.values()].map((p) => p.stop()));
      await runner.stop();
      await pollersStopped;
      await api.close();
      await after.stop();
      s3.destroy();
      sqs.destroy();
      if (!options.emulator) await emulator.stop();
    },
  };
}
