import { describe, expect, it } from 'vitest';
import { readNotifyFunctionEnv, readProcessFunctionEnv, triggerPaths, type PipelineConfig } from '../../config/index.js';
import { pipelineFunctionTag } from '../../modules/lambda-function/index.js';
import {
  breadthFault,
  listOf,
  policyDocuments,
  resourcesOf,
  statementWithSid,
  type Block,
  type TerraformJson,
} from '../modules/terraform-json.js';
import { ref, synthPipeline, theOne } from './synth-pipeline.js';

const subscriptions = [
  { id: 'orders-app', url: 'https://orders.example.com/hooks/images' },
  { id: 'cms', url: 'https://cms.example.com/webhooks' },
];
/** Every step on, the table store; the webhook settings away from their defaults so that each is seen to arrive. */
const allSteps = {
  metadata: { store: 'table' },
  archive: { prefix: 'zip/', suffixes: ['.png', '.jpg'], keepFolders: false },
  webhooks: { subscriptions, timeoutSeconds: 7, maxReceiveCount: 4, batchSize: 3, secretCacheMinutes: 2 },
} satisfies PipelineConfig['after'];

const functionTagged = (json: TerraformJson, name: string): [string, Block] =>
  theOne(json, 'aws_lambda_function', (f) => f.tags?.[pipelineFunctionTag] === name);

/** The address and the document of a function's role's inline policy. */
function rolePolicyEntry(json: TerraformJson, fn: Block): [string, string] {
  const role = String(fn.role).replace(/^\$\{aws_iam_role\.([\w-]+)\.arn\}$/, '$1');
  const [id, policy] = theOne(json, 'aws_iam_role_policy', (p) => p.role === `\${aws_iam_role.${role}.id}`);
  return [`aws_iam_role_policy.${id}`, policy.policy as string];
}
const rolePolicyOf = (json: TerraformJson, fn: Block): string => rolePolicyEntry(json, fn)[1];

const sids = (policy: string): string[] => (JSON.parse(policy) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
const queueNamed = (json: TerraformJson, name: string) => theOne(json, 'aws_sqs_queue', (q) => q.name === name);
const afterVariables = (json: TerraformJson & { variable?: Record<string, Block> }) => Object.keys(json.variable ?? {}).filter((name) => name.startsWith('webhook_'));

/** Every place a string appears in the JSON, by its path of keys. */
function stringsWithPaths(value: unknown, path: string[] = []): [string[], string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => stringsWithPaths(inner, [...path, key]));
}

describe('after left out: the stack has none of it', () => {
  const json = synthPipeline();
  const [, processFn] = functionTagged(json, 'process');

  it('creates no table, parameter, variable, notify queue or notify function', () => {
    expect(resourcesOf(json, 'aws_dynamodb_table')).toEqual({});
    expect(resourcesOf(json, 'aws_ssm_parameter')).toEqual({});
    expect(afterVariables(json)).toEqual([]);
    expect(json.terraform?.required_version).toBeUndefined();
    expect(Object.values(resourcesOf(json, 'aws_sqs_queue')).map((q) => q.name).sort()).toEqual(['imgpipe-dev-process', 'imgpipe-dev-process-dlq']);
    expect(Object.values(resourcesOf(json, 'aws_lambda_function')).map((f) => f.tags[pipelineFunctionTag]).sort()).toEqual(['process', 'upload']);
  });

  it('gives the process function no after environment and no grant for it', () => {
    expect(readProcessFunctionEnv(processFn.environment.variables).after).toBeUndefined();
    expect(Object.keys(processFn.environment.variables).filter((name) => /^(METADATA|ARCHIVE|NOTIFY)_/.test(name))).toEqual([]);
    expect(sids(rolePolicyOf(json, processFn))).toEqual(['WriteOwnLogs', 'ReadUploads', 'WriteOutputs', 'DeadLetterBadInput', 'ConsumeQueue']);
  });

  it('adds no alarm and no output', () => {
    expect(Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).map((a) => a.alarm_name).sort()).toEqual([
      'imgpipe-dev-dlq-not-empty',
      'imgpipe-dev-process-errors',
      'imgpipe-dev-upload-errors',
    ]);
    expect(Object.keys(json.output ?? {}).filter((id) => /metadata|notify|webhook/.test(id))).toEqual([]);
  });
});

describe.each(triggerPaths.map((via) => ({ via })))('every step on, trigger.via $via', ({ via }) => {
  const json = synthPipeline({ trigger: { via, suffixes: ['.png', '.jpg'] }, after: allSteps });
  const [, processFn] = functionTagged(json, 'process');
  const [notifyId, notifyFn] = functionTagged(json, 'notify');
  const [tableId, table] = theOne(json, 'aws_dynamodb_table', () => true);
  const [notifyQueueId] = queueNamed(json, 'imgpipe-dev-notify');
  const [notifyDlqId, notifyDlq] = queueNamed(json, 'imgpipe-dev-notify-dlq');
  const [outputsId] = theOne(json, 'aws_s3_bucket', (b) => String(b.bucket).includes('-outputs-'));
  const parameters = Object.entries(resourcesOf(json, 'aws_ssm_parameter'));
  const parameterArn = (name: string) => ref('aws_ssm_parameter', parameters.find(([, p]) => p.name === name)![0], 'arn');

  it('tells the process function where each step writes', () => {
    expect(readProcessFunctionEnv(processFn.environment.variables).after).toEqual({
      metadata: { store: 'table', tableName: ref('aws_dynamodb_table', tableId, 'name') },
      archive: { prefix: 'zip/', suffixes: ['.png', '.jpg'], keepFolders: false },
      notify: { queueUrl: ref('aws_sqs_queue', notifyQueueId, 'url'), subscriptionIds: ['orders-app', 'cms'] },
    });
  });

  it('grants the process function exactly what the steps write: the archive prefix, the table, the notify queue', () => {
    const policy = rolePolicyOf(json, processFn);
    expect(statementWithSid(policy, 'WriteArchives')).toMatchObject({ Action: ['s3:PutObject'], Resource: [`${ref('aws_s3_bucket', outputsId, 'arn')}/zip/*`] });
    expect(statementWithSid(policy, 'RecordMetadata')).toMatchObject({ Action: ['dynamodb:PutItem'], Resource: [ref('aws_dynamodb_table', tableId, 'arn')] });
    expect(statementWithSid(policy, 'SendNotifications')).toMatchObject({ Action: ['sqs:SendMessage'], Resource: [ref('aws_sqs_queue', notifyQueueId, 'arn')] });
    // The table store writes no object: no metadata prefix grant.
    expect(sids(policy)).not.toContain('WriteMetadata');
  });

  it('grants the notify function its queue, its DLQ and those parameters, nothing else', () => {
    const policy = rolePolicyOf(json, notifyFn);
    expect(sids(policy)).toEqual(['WriteOwnLogs', 'ReadWebhookSecrets', 'DeadLetterRefusedDeliveries', 'ConsumeQueue']);
    expect(statementWithSid(policy, 'ReadWebhookSecrets')).toMatchObject({
      Action: ['ssm:GetParameter'],
      Resource: [parameterArn('/imgpipe-dev/webhooks/orders-app'), parameterArn('/imgpipe-dev/webhooks/cms')],
    });
    expect(statementWithSid(policy, 'DeadLetterRefusedDeliveries')).toMatchObject({ Action: ['sqs:SendMessage'], Resource: [ref('aws_sqs_queue', notifyDlqId, 'arn')] });
    expect(statementWithSid(policy, 'ConsumeQueue').Resource).toEqual([ref('aws_sqs_queue', notifyQueueId, 'arn')]);
  });

  it('keeps DynamoDB to the process role and SSM to the notify role, with no wildcard anywhere', () => {
    for (const { address, document } of policyDocuments(json)) {
      for (const statement of document.Statement.filter((s) => s.Effect === 'Allow')) {
        expect(breadthFault(address, statement), `${address} ${statement.Sid ?? ''}`).toBeUndefined();
        const actions = listOf(statement.Action);
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(address).toBe(rolePolicyEntry(json, processFn)[0]);
        if (actions.some((a) => a.startsWith('ssm:'))) expect(address).toBe(rolePolicyEntry(json, notifyFn)[0]);
      }
    }
  });

  it('builds the table on demand, keyed on sourceKey and etag, with point-in-time recovery, encryption and deletion protection', () => {
    expect(table).toMatchObject({
      name: 'imgpipe-dev-metadata',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'sourceKey',
      range_key: 'etag',
      attribute: [{ name: 'sourceKey', type: 'S' }, { name: 'etag', type: 'S' }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
    expect(table.server_side_encryption.kms_key_arn).toBeUndefined();
  });

  it('feeds the notify function from its own queue, which redrives into its own DLQ', () => {
    const [, queue] = queueNamed(json, 'imgpipe-dev-notify');
    // Six notify function timeouts of 7 + 10 s.
    expect(queue.visibility_timeout_seconds).toBe(102);
    expect(JSON.parse(queue.redrive_policy as string)).toEqual({ deadLetterTargetArn: ref('aws_sqs_queue', notifyDlqId, 'arn'), maxReceiveCount: 4 });
    expect(notifyDlq).toMatchObject({ message_retention_seconds: 14 * 86400, sqs_managed_sse_enabled: true });
    const [, mapping] = theOne(json, 'aws_lambda_event_source_mapping', (m) => m.event_source_arn === ref('aws_sqs_queue', notifyQueueId, 'arn'));
    expect(mapping).toMatchObject({ function_name: ref('aws_lambda_function', notifyId, 'arn'), batch_size: 3, function_response_types: ['ReportBatchItemFailures'] });
  });

  it('runs the notify function with 256 MB, the derived timeout and the environment it reads', () => {
    expect(notifyFn).toMatchObject({ function_name: 'imgpipe-dev-notify', memory_size: 256, timeout: 17, runtime: 'nodejs22.x' });
    expect(String(notifyFn.filename)).toMatch(/notify-arm64\.zip$/);
    expect(readNotifyFunctionEnv(notifyFn.environment.variables)).toEqual({
      subscriptions: subscriptions.map((s) => ({ ...s, events: ['image.processed'], secretParameter: `/imgpipe-dev/webhooks/${s.id}` })),
      timeoutMs: 7000,
      secretCacheSeconds: 120,
      deadLetterQueueUrl: ref('aws_sqs_queue', notifyDlqId, 'url'),
    });
  });

  it('writes each secret as a SecureString from an ephemeral, sensitive variable, write-only', () => {
    const variables = (json as { variable?: Record<string, Block> }).variable ?? {};
    expect(afterVariables(json).sort()).toEqual(['webhook_secret_cms', 'webhook_secret_orders_app', 'webhook_secrets_version']);
    for (const name of ['webhook_secret_cms', 'webhook_secret_orders_app']) {
      expect(variables[name]).toMatchObject({ type: 'string', sensitive: true, ephemeral: true });
      expect(variables[name]?.default).toBeUndefined();
      expect(variables[name]?.description).toContain('"signingSecret": "whsec_<base64 of 24-64 random bytes>"');
    }
    expect(variables.webhook_secrets_version).toMatchObject({ type: 'number', default: 1 });
    // value_wo and ephemeral variables need terraform 1.11.
    expect(json.terraform?.required_version).toBe('>= 1.11');
    expect(parameters.map(([, p]) => [p.name, p.type, p.value_wo, p.value_wo_version]).sort()).toEqual([
      ['/imgpipe-dev/webhooks/cms', 'SecureString', '${var.webhook_secret_cms}', '${var.webhook_secrets_version}'],
      ['/imgpipe-dev/webhooks/orders-app', 'SecureString', '${var.webhook_secret_orders_app}', '${var.webhook_secrets_version}'],
    ]);
  });

  it('never puts a secret where Terraform keeps it: no parameter value, and the variables reach value_wo only', () => {
    for (const [, parameter] of parameters) expect(Object.keys(parameter)).not.toContain('value');
    const uses = stringsWithPaths({ resource: json.resource, output: json.output, data: json.data }).filter(([, text]) => text.includes('var.webhook_secret_'));
    expect(uses.map(([path]) => path.at(-1))).toEqual(['value_wo', 'value_wo']);
  });

  it('alarms on the notify DLQ and on notify function errors', () => {
    const alarms = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
    expect(alarms.find((a) => a.alarm_name === 'imgpipe-dev-notify-dlq-not-empty')).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: ref('aws_sqs_queue', notifyDlqId, 'name') },
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
    expect(alarms.find((a) => a.alarm_name === 'imgpipe-dev-notify-errors')).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: ref('aws_lambda_function', notifyId, 'function_name') },
    });
  });

  it('outputs the table, the notify queues and function, and the parameter names', () => {
    expect(json.output).toMatchObject({
      metadata_table_name: { value: ref('aws_dynamodb_table', tableId, 'name') },
      notify_queue_url: { value: ref('aws_sqs_queue', notifyQueueId, 'url') },
      notify_dlq_url: { value: ref('aws_sqs_queue', notifyDlqId, 'url') },
      notify_function_name: { value: ref('aws_lambda_function', notifyId, 'function_name') },
      webhook_secret_parameters: { value: '/imgpipe-dev/webhooks/orders-app,/imgpipe-dev/webhooks/cms' },
    });
    for (const id of ['metadata_table_name', 'notify_queue_url', 'notify_dlq_url', 'notify_function_name', 'webhook_secret_parameters']) {
      expect(String(json.output?.[id]?.description).length, id).toBeGreaterThan(20);
    }
  });
});

describe('metadata as objects', () => {
  const json = synthPipeline({ after: { metadata: { prefix: 'records/' } } });
  const [, processFn] = functionTagged(json, 'process');
  const [outputsId] = theOne(json, 'aws_s3_bucket', (b) => String(b.bucket).includes('-outputs-'));

  it('lets the process function write under the metadata prefix only, with no table', () => {
    expect(statementWithSid(rolePolicyOf(json, processFn), 'WriteMetadata')).toMatchObject({
      Action: ['s3:PutObject'],
      Resource: [`${ref('aws_s3_bucket', outputsId, 'arn')}/records/*`],
    });
    expect(readProcessFunctionEnv(processFn.environment.variables).after).toEqual({ metadata: { store: 'object', prefix: 'records/' } });
    expect(resourcesOf(json, 'aws_dynamodb_table')).toEqual({});
  });
});

describe('with the customer-managed key (kms)', () => {
  const json = synthPipeline({ kms: true, buckets: { forceDestroy: true }, after: allSteps });
  const [keyId, key] = theOne(json, 'aws_kms_key', (k) => String(k.description).includes('buckets'));
  const keyArn = ref('aws_kms_key', keyId, 'arn');
  const [, notifyFn] = functionTagged(json, 'notify');
  const [, table] = theOne(json, 'aws_dynamodb_table', () => true);

  it('encrypts the table, the parameters, the notify queues and the notify function with it', () => {
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: keyArn });
    for (const [, parameter] of Object.entries(resourcesOf(json, 'aws_ssm_parameter'))) expect(parameter.key_id).toBe(keyArn);
    for (const name of ['imgpipe-dev-notify', 'imgpipe-dev-notify-dlq']) expect(queueNamed(json, name)[1].kms_master_key_id).toBe(keyArn);
    expect(notifyFn.kms_key_arn).toBe(keyArn);
  });

  it('lets the notify role decrypt with it, in its own policy and in the key policy', () => {
    expect(statementWithSid(rolePolicyOf(json, notifyFn), 'UseKey')).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [keyArn] });
    const principal = statementWithSid(key.policy as string, 'PipelineRolesUseKey').Principal as { AWS: string[] };
    expect(principal.AWS).toContain(String(notifyFn.role));
  });

  it('leaves the table deletable when the buckets are force-destroyed', () => {
    expect(table.deletion_protection_enabled).toBe(false);
  });
});

describe('on LocalStack', () => {
  it('points DynamoDB and SSM at the endpoint only when the steps use them', () => {
    const endpointsOf = (after: PipelineConfig['after']) =>
      Object.keys((synthPipeline({ after }, { target: 'localstack' }).provider?.aws?.[0]?.endpoints as Block[])[0] ?? {});
    expect(endpointsOf(allSteps)).toEqual(expect.arrayContaining(['dynamodb', 'ssm']));
    const objectsOnly = endpointsOf({ metadata: true, archive: true });
    expect(objectsOnly).toContain('s3');
    expect(objectsOnly).not.toContain('dynamodb');
    expect(objectsOnly).not.toContain('ssm');
  });
});
