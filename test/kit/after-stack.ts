/**
 * A synthesized stack with the after-processing resources of issue 10 added as the contract
 * (briefs/after-contract.md) describes A's Terraform: the metadata table, one SecureString parameter
 * per subscription (write-only value), the notify queue and its DLQ, the notify function and its
 * mapping, and the process function's METADATA_* / ARCHIVE_* / NOTIFY_* variables. A stand-in until
 * the `webhooks`, `png-archive` and `direct` examples synthesize them; the kit reads only this JSON.
 */
import { envNames, notifyFunctionEnvironment, webhookSecretParameterName } from '../../config/function-env.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { resourcesOf, synthesizedStack } from './support.js';

export const subscriptions = [
  { id: 'orders-app', url: 'https://orders.example.com/hooks/images' },
  { id: 'cms', url: 'https://cms.example.com/webhooks' },
] as const;

export interface AfterStackOptions {
  readonly metadata: 'object' | 'table';
  /** Archive suffixes (prefix `zip/`, folders kept); none: no archive. */
  readonly archiveSuffixes?: readonly string[];
  readonly webhookTimeoutMs?: number;
  /** The notify queue's maxReceiveCount. @default 3 */
  readonly maxReceiveCount?: number;
}

/** `dev` (queue trigger), `direct` or `state-machine` (EventBridge), with every after-processing step on. */
export function afterStack(base: 'dev' | 'direct' | 'state-machine', options: AfterStackOptions): TfJson {
  const tf = synthesizedStack(base);
  const functions = resourcesOf(tf, 'aws_lambda_function');
  const [, processFunction] = Object.entries(functions).find(([, f]) => (f.tags as Record<string, string>)['pipeline:function'] === 'process')!;
  const name = String(processFunction.function_name).replace(/-process$/, '');
  const resource = tf.resource as Record<string, Record<string, Record<string, unknown>>>;
  const variables = (tf.variable ?? {}) as Record<string, unknown>;
  (tf as { variable?: unknown }).variable = variables;

  resource.aws_dynamodb_table = {
    metadata: {
      name: `${name}-metadata`,
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'sourceKey',
      range_key: 'etag',
      attribute: [
        { name: 'sourceKey', type: 'S' },
        { name: 'etag', type: 'S' },
      ],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: false,
    },
  };
  resource.aws_ssm_parameter = {};
  variables.webhook_secrets_version = { type: 'number', default: 1 };
  for (const s of subscriptions) {
    const variable = `webhook_secret_${s.id.replace(/-/g, '_')}`;
    variables[variable] = { type: 'string', sensitive: true, ephemeral: true, description: '{"token": "...", "signingSecret": "whsec_..."}' };
    resource.aws_ssm_parameter[variable] = { name: webhookSecretParameterName(name, s.id), type: 'SecureString', value_wo: `\${var.${variable}}`, value_wo_version: '${var.webhook_secrets_version}' };
  }
  const queues = resourcesOf(tf, 'aws_sqs_queue');
  queues.notify_dlq = { name: `${name}-notify-dlq`, message_retention_seconds: 1209600 };
  queues.notify = {
    name: `${name}-notify`,
    visibility_timeout_seconds: 90,
    redrive_policy: JSON.stringify({ deadLetterTargetArn: '${aws_sqs_queue.notify_dlq.arn}', maxReceiveCount: options.maxReceiveCount ?? 3 }),
  };
  functions.notify = {
    function_name: `${name}-notify`,
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    memory_size: 256,
    timeout: 30,
    role: processFunction.role,
    tags: { 'pipeline:function': 'notify' },
    environment: {
      variables: notifyFunctionEnvironment(
        {
          subscriptions: subscriptions.map((s) => ({ id: s.id, url: s.url, events: ['image.processed'], secretParameter: webhookSecretParameterName(name, s.id) })),
          timeoutMs: options.webhookTimeoutMs ?? 2000,
          secretCacheSeconds: 300,
          deadLetterQueueUrl: '${aws_sqs_queue.notify_dlq.url}',
        },
        `${name}-notify`,
      ),
    },
  };
  resource.aws_lambda_event_source_mapping = {
    ...(resource.aws_lambda_event_source_mapping ?? {}),
    notify: { event_source_arn: '${aws_sqs_queue.notify.arn}', function_name: '${aws_lambda_function.notify.arn}', batch_size: 10, function_response_types: ['ReportBatchItemFailures'] },
  };
  const env = (processFunction.environment as { variables: Record<string, string> }).variables;
  Object.assign(env, {
    [envNames.metadataStore]: options.metadata,
    ...(options.metadata === 'object' ? { [envNames.metadataPrefix]: 'metadata/' } : { [envNames.metadataTable]: '${aws_dynamodb_table.metadata.name}' }),
    ...(options.archiveSuffixes ? { [envNames.archivePrefix]: 'zip/', [envNames.archiveSuffixes]: options.archiveSuffixes.join(','), [envNames.archiveKeepFolders]: 'true' } : {}),
    [envNames.notifyQueueUrl]: '${aws_sqs_queue.notify.url}',
    [envNames.notifySubscriptionIds]: subscriptions.map((s) => s.id).join(','),
  });
  return tf;
}
