import { TerraformStack } from 'cdktf';
import { notifyFunctionEnvironment, webhookSecretParameterName } from '../../config/function-env.js';
import type { ResolvedWebhooksStep } from '../../config/resolved.js';
import { PipelineFunction } from '../../modules/lambda-function/index.js';
import { QueueEventSource } from '../../modules/queue-event-source/index.js';
import { QueueWithDlq } from '../../modules/queue-with-dlq/index.js';
import { SecretParameters } from '../../modules/secret-parameters/index.js';
import type { AfterStepsContext, AfterStepsWiring } from './wiring.js';

/** The Terraform variable of a subscription's secret: `webhook_secret_<id with - as _>`, set as `TF_VAR_webhook_secret_<...>`. */
export const webhookSecretVariableName = (subscriptionId: string): string => `webhook_secret_${subscriptionId.replaceAll('-', '_')}`;

/** The number variable to bump when the secrets' values change. */
export const webhookSecretsVersionVariable = 'webhook_secrets_version';

/** The secret's format, in each variable's description. */
const secretFormat = '{"token": "<opaque, 16+ characters>", "signingSecret": "whsec_<base64 of 24-64 random bytes>"}';

/** Write-only attributes and ephemeral variables: older terraform fails on them with a less helpful message. */
export const writeOnlyTerraformVersion = '>= 1.11';

/** Memory of the notify function: it only sends HTTP requests. */
const notifyMemoryMb = 256;

type WebhooksWiring = Omit<AfterStepsWiring, 'processEnv'> & { readonly env: NonNullable<NonNullable<AfterStepsWiring['processEnv']>['notify']> };

/**
 * Webhooks: the process function sends one message per subscription to `<name>-notify` (+ its
 * DLQ); the notify function consumes it (partial batch responses) and POSTs the signed payload.
 * Each subscription's secret is a SecureString parameter written from a Terraform variable that
 * is never stored; the notify function may read those parameters and nothing else of SSM.
 */
export function webhooksStep(context: AfterStepsContext, webhooks: ResolvedWebhooksStep): WebhooksWiring {
  const { scope, name, config, key } = context;
  const kms = key !== undefined ? { kmsKeyArn: key.keyArn } : {};
  const queue = new QueueWithDlq(scope, 'notify-queue', {
    queueName: `${name}-notify`,
    visibilityTimeoutSeconds: webhooks.visibilityTimeoutSeconds,
    maxReceiveCount: webhooks.maxReceiveCount,
    dlqRetentionSeconds: config.deadLetterQueue.retentionSeconds,
    ...kms,
  });
  const subscriptions = webhooks.subscriptions.map((subscription) => ({
    ...subscription,
    secretParameter: webhookSecretParameterName(name, subscription.id),
  }));
  const secrets = new SecretParameters(scope, 'webhook-secrets', {
    parameters: subscriptions.map((subscription) => ({
      parameterName: subscription.secretParameter,
      variableName: webhookSecretVariableName(subscription.id),
      description: `Secrets of the webhook subscription ${subscription.id} (${subscription.url}), JSON ${secretFormat}`,
    })),
    versionVariableName: webhookSecretsVersionVariable,
    ...kms,
  });
  TerraformStack.of(scope).addOverride('terraform.required_version', writeOnlyTerraformVersion);

  const notify = new PipelineFunction(scope, 'notify', {
    functionName: `${name}-notify`,
    pipelineFunction: 'notify',
    description: 'POSTs image.processed to the webhook subscribers, signed (Standard Webhooks)',
    zipPath: context.notifyZipPath,
    architecture: config.architecture,
    memoryMb: notifyMemoryMb,
    timeoutSeconds: webhooks.functionTimeoutSeconds,
    logRetentionDays: config.logRetentionDays,
    environment: {
      ...notifyFunctionEnvironment(
        {
          subscriptions,
          timeoutMs: webhooks.timeoutSeconds * 1000,
          secretCacheSeconds: webhooks.secretCacheSeconds,
          deadLetterQueueUrl: queue.dlqUrl,
        },
        `${config.namePrefix}-notify`,
      ),
      ...context.targetEnvironment,
    },
    policyStatements: [
      { sid: 'ReadWebhookSecrets', actions: ['ssm:GetParameter'], resources: secrets.parameterArns },
      // A delivery no retry can fix (a 4xx, a redirect) is moved to the DLQ at once, with its reason.
      { sid: 'DeadLetterRefusedDeliveries', actions: ['sqs:SendMessage'], resources: [queue.dlqArn] },
    ],
    tracing: config.tracing,
    ...kms,
  });
  new QueueEventSource(scope, 'notify-events', { function: notify, queueArn: queue.queueArn, batchSize: webhooks.batchSize });

  return {
    env: { queueUrl: queue.queueUrl, subscriptionIds: webhooks.subscriptions.map((subscription) => subscription.id) },
    processStatements: [{ sid: 'SendNotifications', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }],
    roleArns: [notify.role.arn],
    functionNames: { notify: notify.functionName },
    alarmMetrics: [
      {
        label: 'notify-dlq-not-empty',
        description: 'Webhook deliveries reached the notify dead-letter queue: refused by a subscriber (4xx, redirect) or failing every retry.',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue.dlqName },
        statistic: 'Maximum',
      },
    ],
    outputs: [
      { id: 'notify_queue_url', value: queue.queueUrl, description: 'Queue of notify messages (one per processed image and webhook subscription) feeding the notify function' },
      { id: 'notify_dlq_url', value: queue.dlqUrl, description: 'Notify dead-letter queue: deliveries refused by a subscriber (reason in the message attributes) and those failing maxReceiveCount times' },
      { id: 'notify_function_name', value: notify.functionName, description: 'The notify Lambda function (webhook deliveries)' },
      {
        id: 'webhook_secret_parameters',
        value: subscriptions.map((subscription) => subscription.secretParameter).join(','),
        description: `SecureString parameters of the webhook secrets, comma-separated; values from TF_VAR_webhook_secret_<id>, rotated with ${webhookSecretsVersionVariable}`,
      },
    ],
  };
}
