import type { EmulatedEnvironment } from './attributes.js';
import type { KitPlan } from './kit-plan.js';
import { loadApiKeys } from './load/api-keys.js';
import { loadAsyncInvokeConfigs } from './load/async-invoke-configs.js';
import type { NotEmulated } from './load/blocks.js';
import { loadBuckets } from './load/buckets.js';
import { loadDynamoTables } from './load/dynamodb-tables.js';
import { coverageReport } from './load/coverage-report.js';
import { loadEventRules } from './load/event-rules.js';
import { loadEventSourceMappings } from './load/event-source-mappings.js';
import { loadLambdaPermissions } from './load/lambda-permissions.js';
import { functionsByReference, loadFunctions } from './load/lambda-functions.js';
import { loadNotifications } from './load/notifications.js';
import { loadQueues } from './load/queues.js';
import { loadRestApis } from './load/rest-apis.js';
import { loadSsmParameters } from './load/ssm-parameters.js';
import { loadStateMachines } from './load/state-machines.js';
import { StackModel } from './stack-model.js';
import type { TfJson } from './tf-json.js';

export interface LoadOptions {
  readonly stack: string;
  /** Repository root, where `functions/<name>/handler.ts` live. */
  readonly repoRoot: string;
  /** Handler entry per `pipeline:function` name instead of `functions/<name>/handler.ts` (tests: a function whose folder is not there). */
  readonly functionEntries?: Readonly<Record<string, string>>;
  readonly env: Omit<EmulatedEnvironment, 'region'> & { readonly region?: string };
}

/** The region the stack's AWS provider targets. */
export function providerRegion(tf: TfJson): string | undefined {
  const region = tf.provider?.aws?.[0]?.region;
  return typeof region === 'string' ? region : undefined;
}

/**
 * Step 2 of 3: resolve the stack into what the kit builds, and what it cannot. One loader per
 * resource kind (`load/`); queues and functions first, as notifications, mappings and routes name them.
 */
export function loadPlan(tf: TfJson, options: LoadOptions): KitPlan {
  const region = options.env.region ?? providerRegion(tf) ?? 'us-east-1';
  const model = new StackModel(tf, { ...options.env, region });
  const gaps: NotEmulated[] = [];

  const queues = loadQueues(model);
  const functions = loadFunctions(model, options.repoRoot, options.functionEntries);
  const index = { queueByArn: new Map(queues.map((q) => [q.arn, q])), functionByReference: functionsByReference(functions) };
  // These add to `gaps`, which the coverage report then lists first.
  const notifications = loadNotifications(model, index, gaps);
  const eventSourceMappings = loadEventSourceMappings(model, index, gaps);
  const eventRules = loadEventRules(model, gaps);
  const stateMachines = loadStateMachines(model, gaps);
  const asyncInvokeConfigs = loadAsyncInvokeConfigs(model, index, gaps);

  return {
    stack: options.stack,
    region,
    accountId: options.env.accountId,
    buckets: loadBuckets(model),
    queues,
    notifications,
    functions,
    eventSourceMappings,
    asyncInvokeConfigs,
    lambdaPermissions: loadLambdaPermissions(model, index.functionByReference),
    restApis: loadRestApis(model, index.functionByReference),
    apiKeys: loadApiKeys(model),
    eventRules,
    stateMachines,
    dynamoTables: loadDynamoTables(model),
    ssmParameters: loadSsmParameters(model),
    coverage: coverageReport(model, gaps),
    outputs: model.outputs(),
  };
}
