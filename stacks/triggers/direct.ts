import type { DirectTrigger } from '../../config/resolved.js';
import { AsyncInvokeConfig } from '../../modules/async-invoke-config/index.js';
import { BucketLambdaNotification } from '../../modules/bucket-notification/index.js';
import { DeadLetterQueue } from '../../modules/dead-letter-queue/index.js';
import type { PipelineFunction } from '../../modules/lambda-function/index.js';
import type { AboveZeroMetric } from '../../modules/pipeline-alarms/index.js';
import type { TriggerContext, TriggerWiring } from './wiring.js';

/**
 * S3 invokes the process function asynchronously (one notification entry per suffix). A bad image
 * is sent to the DLQ by the function at once; a retryable failure is thrown, retried by Lambda
 * `retryAttempts` times, then written to the DLQ as Lambda's on-failure destination record.
 */
export function directTrigger(context: TriggerContext, trigger: DirectTrigger): TriggerWiring {
  const { scope, name, config } = context;
  const dlq = new DeadLetterQueue(scope, 'dlq', {
    queueName: `${name}-process-dlq`,
    retentionSeconds: config.deadLetterQueue.retentionSeconds,
    ...(context.key !== undefined && { kmsKeyArn: context.key.keyArn }),
  });
  let processFunctionName = '';

  return {
    deadLetterQueue: { url: dlq.queueUrl, arn: dlq.queueArn, name: dlq.queueName },
    processFunction: {
      deadLetterQueueUrl: dlq.queueUrl,
      statements: [{ sid: 'DeadLetterBadInput', actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }],
      reservedConcurrency: config.processFunction.maxConcurrency,
    },
    connect(process: PipelineFunction): void {
      processFunctionName = process.functionName;
      new BucketLambdaNotification(scope, 'notification', {
        bucket: context.uploadsBucket.bucket,
        functionName: process.functionName,
        functionArn: process.functionArn,
        prefix: trigger.prefix,
        suffixes: trigger.suffixes,
        sourceAccount: context.accountId,
        idPrefix: 'process',
      });
      new AsyncInvokeConfig(scope, 'process-async', {
        function: process,
        onFailureQueueArn: dlq.queueArn,
        maximumRetryAttempts: trigger.retryAttempts,
        maximumEventAgeSeconds: trigger.maxEventAgeSeconds,
      });
    },
    extendApi: () => undefined,
    alarmMetrics(): AboveZeroMetric[] {
      const dimensions = { FunctionName: processFunctionName };
      return [
        {
          label: 'process-async-events-dropped',
          description: 'Lambda dropped asynchronous events for the process function (too old, or retries exhausted without a destination).',
          namespace: 'AWS/Lambda',
          metricName: 'AsyncEventsDropped',
          dimensions,
        },
        {
          label: 'process-destination-delivery-failures',
          description: 'Lambda could not deliver failed invocations of the process function to the dead-letter queue.',
          namespace: 'AWS/Lambda',
          metricName: 'DestinationDeliveryFailures',
          dimensions,
        },
      ];
    },
    outputs: () => [],
  };
}
