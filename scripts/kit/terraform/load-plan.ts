import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KitConfigError } from '../errors.js';
import type { EmulatedEnvironment } from './attributes.js';
import { emulatedTypes, offPathTypes, typeKey } from './coverage.js';
import type {
  ApiKeyPlan,
  ApiRoutePlan,
  BucketPlan,
  CoverageReport,
  EventSourceMappingPlan,
  FunctionPlan,
  KitPlan,
  NotificationPlan,
  NotificationTarget,
  QueuePlan,
  RestApiPlan,
} from './kit-plan.js';
import { StackModel } from './stack-model.js';
import type { TfJson, TfResource } from './tf-json.js';
import { pipelineFunctionTag } from './validate.js';

export interface LoadOptions {
  readonly stack: string;
  /** Repository root, where `functions/<name>/handler.ts` live. */
  readonly repoRoot: string;
  readonly env: Omit<EmulatedEnvironment, 'region'> & { readonly region?: string };
}

/** Lambda's defaults when the Terraform leaves them out. */
const lambdaDefaults = { memoryMb: 128, timeoutSeconds: 3, batchSize: 10 } as const;
/** SQS's defaults when the Terraform leaves them out. */
const sqsDefaults = { visibilityTimeoutSeconds: 30 } as const;

/** The region the stack's AWS provider targets. */
export function providerRegion(tf: TfJson): string | undefined {
  const region = tf.provider?.aws?.[0]?.region;
  return typeof region === 'string' ? region : undefined;
}

/** Step 2 of 3: resolve the stack into what the kit builds, and what it cannot. */
export function loadPlan(tf: TfJson, options: LoadOptions): KitPlan {
  const region = options.env.region ?? providerRegion(tf) ?? 'us-east-1';
  const model = new StackModel(tf, { ...options.env, region });
  const str = (r: TfResource, field: string): string => String(model.field(r, field) ?? '');
  const num = (r: TfResource, field: string, fallback: number): number => {
    const value = model.field(r, field);
    return value === undefined || value === null ? fallback : Number(value);
  };

  const buckets: BucketPlan[] = model.ofType('aws_s3_bucket').map((r) => ({ address: r.address, name: String(model.attribute(r.address, 'bucket')) }));

  const queues: QueuePlan[] = model.ofType('aws_sqs_queue').map((r) => queuePlan(model, r, num));
  const queueByArn = new Map(queues.map((q) => [q.arn, q]));

  const functions: FunctionPlan[] = model.ofType('aws_lambda_function').map((r) => {
    const tags = (model.field(r, 'tags') ?? {}) as Record<string, string>;
    const pipelineFunction = tags[pipelineFunctionTag] ?? '';
    const entry = join(options.repoRoot, 'functions', pipelineFunction, 'handler.ts');
    if (!existsSync(entry)) throw new KitConfigError(r.address, `tags["${pipelineFunctionTag}"]`, `maps to ${entry}, which does not exist`);
    const environment = single(model.field(r, 'environment'))?.variables ?? {};
    return {
      address: r.address,
      name: str(r, 'function_name'),
      arn: String(model.attribute(r.address, 'arn')),
      pipelineFunction,
      entry,
      handlerExport: str(r, 'handler').split('.').pop() ?? 'handler',
      runtime: str(r, 'runtime'),
      memoryMb: num(r, 'memory_size', lambdaDefaults.memoryMb),
      timeoutSeconds: num(r, 'timeout', lambdaDefaults.timeoutSeconds),
      architectures: (model.field(r, 'architectures') as string[] | undefined) ?? ['x86_64'],
      environment: Object.fromEntries(Object.entries(environment as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    };
  });
  const functionByKey = new Map<string, FunctionPlan>();
  for (const fn of functions) for (const key of [fn.name, fn.arn, `${fn.arn}:$LATEST`]) functionByKey.set(key, fn);

  const notEmulated: { address: string; reason: string }[] = [];
  const offPath: string[] = [];
  const emulated: string[] = [];

  const notifications: NotificationPlan[] = [];
  for (const r of model.ofType('aws_s3_bucket_notification')) {
    if (model.field(r, 'eventbridge') === true) notEmulated.push({ address: r.address, reason: 'eventbridge = true (EventBridge delivery is not emulated)' });
    const targets: NotificationTarget[] = [];
    const entries = [
      ...asArray(model.field(r, 'queue')).map((e, i) => ({ e, i, kind: 'queue' as const, arnField: 'queue_arn' })),
      ...asArray(model.field(r, 'lambda_function')).map((e, i) => ({ e, i, kind: 'lambda' as const, arnField: 'lambda_function_arn' })),
    ];
    for (const { e, i, kind, arnField } of entries) {
      const targetArn = String(e[arnField] ?? '');
      if (kind === 'queue' && !queueByArn.has(targetArn)) throw new KitConfigError(r.address, `queue[${i}].queue_arn`, `${targetArn} is not a queue of this stack`);
      if (kind === 'lambda' && !functionByKey.has(targetArn)) throw new KitConfigError(r.address, `lambda_function[${i}]`, `${targetArn} is not a function of this stack`);
      targets.push({
        id: typeof e.id === 'string' && e.id ? e.id : `tf-s3-${kind}-${i}`,
        kind,
        targetArn,
        events: asArray(e.events).map(String),
        filterPrefix: String(e.filter_prefix ?? ''),
        filterSuffix: String(e.filter_suffix ?? ''),
      });
    }
    for (const unsupported of ['topic']) {
      if (asArray(model.field(r, unsupported)).length > 0) notEmulated.push({ address: r.address, reason: `${unsupported} notifications (SNS delivery is not emulated)` });
    }
    notifications.push({ address: r.address, bucket: str(r, 'bucket'), targets });
  }

  const eventSourceMappings: EventSourceMappingPlan[] = [];
  for (const r of model.ofType('aws_lambda_event_source_mapping')) {
    const eventSourceArn = str(r, 'event_source_arn');
    const queue = queueByArn.get(eventSourceArn);
    const fn = functionByKey.get(str(r, 'function_name'));
    if (!queue) {
      notEmulated.push({ address: r.address, reason: `event source ${eventSourceArn} is not an SQS queue of this stack` });
      continue;
    }
    if (!fn) throw new KitConfigError(r.address, 'function_name', `${str(r, 'function_name')} is not a function of this stack`);
    const scaling = single(model.field(r, 'scaling_config'));
    eventSourceMappings.push({
      address: r.address,
      eventSourceArn,
      queueName: queue.name,
      functionName: fn.name,
      batchSize: num(r, 'batch_size', lambdaDefaults.batchSize),
      batchingWindowSeconds: num(r, 'maximum_batching_window_in_seconds', 0),
      reportBatchItemFailures: asArray(model.field(r, 'function_response_types')).includes('ReportBatchItemFailures'),
      ...(scaling?.maximum_concurrency !== undefined ? { maximumConcurrency: Number(scaling.maximum_concurrency) } : {}),
      enabled: model.field(r, 'enabled') !== false,
    });
  }

  const apiKeys: ApiKeyPlan[] = model.ofType('aws_api_gateway_api_key').map((r) => ({
    address: r.address,
    name: str(r, 'name'),
    value: String(model.attribute(r.address, 'value')),
  }));
  const restApis = model.ofType('aws_api_gateway_rest_api').map((r) => restApiPlan(model, r, functionByKey));

  // SNS topics that only receive alarms are off the data path; any other topic would carry data.
  const alarmTopicArns = new Set(
    model.ofType('aws_cloudwatch_metric_alarm').flatMap((r) => ['alarm_actions', 'ok_actions', 'insufficient_data_actions'].flatMap((f) => asArray(model.field(r, f)).map(String))),
  );
  for (const r of model.resources) {
    const key = typeKey(r);
    if (emulatedTypes.has(key)) emulated.push(r.address);
    else if (offPathTypes.has(key)) offPath.push(r.address);
    else if (key === 'aws_sns_topic' && alarmTopicArns.has(String(model.attribute(r.address, 'arn')))) offPath.push(r.address);
    else if (key === 'aws_sns_topic_subscription' && ['email', 'email-json', 'sms'].includes(str(r, 'protocol'))) offPath.push(r.address);
    else notEmulated.push({ address: r.address, reason: `the kit has no emulation for ${r.type}` });
  }
  for (const r of model.ofType('aws_s3_bucket_versioning')) {
    const status = single(model.field(r, 'versioning_configuration'))?.status;
    if (status === 'Enabled') notEmulated.push({ address: r.address, reason: 'versioning Enabled (the emulator keeps one version per key; events carry no versionId)' });
  }
  const coverage: CoverageReport = { emulated, notEmulated, offPath };

  return {
    stack: options.stack,
    region,
    accountId: options.env.accountId,
    buckets,
    queues,
    notifications,
    functions,
    eventSourceMappings,
    restApis,
    apiKeys,
    coverage,
    outputs: model.outputs(),
  };
}

function queuePlan(model: StackModel, r: TfResource, num: (r: TfResource, f: string, d: number) => number): QueuePlan {
  const name = String(model.field(r, 'name'));
  const visibilityTimeoutSeconds = num(r, 'visibility_timeout_seconds', sqsDefaults.visibilityTimeoutSeconds);
  const attributes: Record<string, string> = { VisibilityTimeout: String(visibilityTimeoutSeconds) };
  const optional: [string, string][] = [
    ['message_retention_seconds', 'MessageRetentionPeriod'],
    ['receive_wait_time_seconds', 'ReceiveMessageWaitTimeSeconds'],
    ['delay_seconds', 'DelaySeconds'],
    ['max_message_size', 'MaximumMessageSize'],
  ];
  for (const [field, attribute] of optional) {
    const value = model.field(r, field);
    if (value !== undefined && value !== null) attributes[attribute] = String(value);
  }
  if (model.field(r, 'fifo_queue') === true) attributes.FifoQueue = 'true';
  if (model.field(r, 'content_based_deduplication') === true) attributes.ContentBasedDeduplication = 'true';
  if (model.field(r, 'sqs_managed_sse_enabled') !== undefined) attributes.SqsManagedSseEnabled = String(model.field(r, 'sqs_managed_sse_enabled'));
  let redrive: QueuePlan['redrive'];
  const redriveText = model.field(r, 'redrive_policy');
  if (typeof redriveText === 'string' && redriveText) {
    const parsed = JSON.parse(redriveText) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    if (!parsed.deadLetterTargetArn || parsed.maxReceiveCount === undefined) {
      throw new KitConfigError(r.address, 'redrive_policy', 'needs deadLetterTargetArn and maxReceiveCount');
    }
    redrive = { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: Number(parsed.maxReceiveCount) };
    attributes.RedrivePolicy = JSON.stringify(redrive);
  }
  return { address: r.address, name, arn: String(model.attribute(r.address, 'arn')), attributes, visibilityTimeoutSeconds, ...(redrive ? { redrive } : {}) };
}

function restApiPlan(model: StackModel, api: TfResource, functionByKey: ReadonlyMap<string, FunctionPlan>): RestApiPlan {
  const id = String(model.attribute(api.address, 'id'));
  const belongs = (r: TfResource): boolean => String(model.field(r, 'rest_api_id')) === id;
  const rootId = String(model.attribute(api.address, 'root_resource_id'));
  const resources = model.ofType('aws_api_gateway_resource').filter(belongs);
  const pathOf = new Map<string, string>([[rootId, '/']]);
  // Resolve paths parent-first; a few passes cover any nesting depth.
  for (let pass = 0; pass <= resources.length; pass++) {
    for (const r of resources) {
      const parent = pathOf.get(String(model.field(r, 'parent_id')));
      if (parent !== undefined) pathOf.set(String(model.attribute(r.address, 'id')), `${parent === '/' ? '' : parent}/${String(model.field(r, 'path_part'))}`);
    }
  }
  const integrations = model.ofType('aws_api_gateway_integration').filter(belongs);
  const routes: ApiRoutePlan[] = [];
  for (const method of model.ofType('aws_api_gateway_method').filter(belongs)) {
    const resourceId = String(model.field(method, 'resource_id'));
    const httpMethod = String(model.field(method, 'http_method'));
    const path = pathOf.get(resourceId);
    if (path === undefined) throw new KitConfigError(method.address, 'resource_id', 'does not name a resource of its REST API');
    const integration = integrations.find((i) => String(model.field(i, 'resource_id')) === resourceId && String(model.field(i, 'http_method')) === httpMethod);
    if (!integration) throw new KitConfigError(method.address, '', 'has no integration');
    const type = String(model.field(integration, 'type'));
    if (type !== 'AWS_PROXY') throw new KitConfigError(integration.address, 'type', `${type} integrations are not emulated (only AWS_PROXY)`);
    const uri = String(model.field(integration, 'uri'));
    const functionArn = /functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? '';
    const fn = functionByKey.get(functionArn);
    if (!fn) throw new KitConfigError(integration.address, 'uri', `${uri} does not invoke a function of this stack`);
    routes.push({
      method: httpMethod,
      path,
      functionName: fn.name,
      apiKeyRequired: model.field(method, 'api_key_required') === true,
      authorization: String(model.field(method, 'authorization') ?? 'NONE'),
    });
  }
  const stageNames = [
    ...model.ofType('aws_api_gateway_stage').filter(belongs).map((s) => String(model.field(s, 'stage_name'))),
    ...model.ofType('aws_api_gateway_deployment').filter(belongs).flatMap((d) => (typeof model.field(d, 'stage_name') === 'string' ? [String(model.field(d, 'stage_name'))] : [])),
  ];
  const apiKeysByStage: Record<string, string[]> = {};
  for (const plan of model.ofType('aws_api_gateway_usage_plan')) {
    const stages = asArray(model.field(plan, 'api_stages')).filter((s) => String(s.api_id) === id).map((s) => String(s.stage));
    const planId = String(model.attribute(plan.address, 'id'));
    const keyIds = model.ofType('aws_api_gateway_usage_plan_key').filter((k) => String(model.field(k, 'usage_plan_id')) === planId).map((k) => String(model.field(k, 'key_id')));
    const values = model.ofType('aws_api_gateway_api_key').filter((k) => keyIds.includes(String(model.attribute(k.address, 'id')))).map((k) => String(model.attribute(k.address, 'value')));
    for (const stage of stages) apiKeysByStage[stage] = [...(apiKeysByStage[stage] ?? []), ...values];
  }
  const gatewayResponses = model.ofType('aws_api_gateway_gateway_response').filter(belongs).map((r) => {
    const parameters = (model.field(r, 'response_parameters') ?? {}) as Record<string, unknown>;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(parameters)) {
      const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
      if (header) headers[header] = String(value).replace(/^'(.*)'$/, '$1');
    }
    const statusCode = model.field(r, 'status_code');
    return {
      responseType: String(model.field(r, 'response_type')),
      ...(statusCode !== undefined && statusCode !== null ? { statusCode: Number(statusCode) } : {}),
      templates: (model.field(r, 'response_templates') ?? {}) as Record<string, string>,
      headers,
    };
  });
  return {
    address: api.address,
    id,
    gatewayResponses,
    name: String(model.field(api, 'name') ?? ''),
    binaryMediaTypes: asArray(model.field(api, 'binary_media_types')).map(String),
    stageNames: [...new Set(stageNames)],
    routes,
    apiKeysByStage,
  };
}

function asArray(value: unknown): Record<string, unknown>[] & unknown[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
}

/** cdktf writes single nested blocks as an object; plain Terraform JSON may use a one-element list. */
function single(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value[0] as Record<string, unknown> | undefined;
  return (value ?? undefined) as Record<string, unknown> | undefined;
}
