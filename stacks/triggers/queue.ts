import type { QueueTrigger } from '../../config/resolved.js';
import { BucketQueueNotification } from '../../modules/bucket-notification/index.js';
import type { PipelineFunction } from '../../modules/lambda-function/index.js';
import { QueueEventSource } from '../../modules/queue-event-source/index.js';
import { QueueWithDlq } from '../../modules/queue-with-dlq/index.js';
import type { TriggerContext, TriggerWiring } from './wiring.js';

/** S3 notification -> SQS (+ DLQ after maxReceiveCount) -> event source mapping -> process function. */
export function queueTrigger(context: TriggerContext, trigger: QueueTrigger): TriggerWiring {
  const { scope, name, config } = context;
  const queue = new QueueWithDlq(scope, 'queue', {
    queueName: `${name}-process`,
    visibilityTimeoutSeconds: trigger.visibilityTimeoutSeconds,
    maxReceiveCount: trigger.maxReceiveCount,
    dlqRetentionSeconds: config.deadLetterQueue.retentionSeconds,
    ...(context.key !== undefined && { kmsKeyArn: context.key.keyArn }),
  });
  // S3 sends its notifications to the encrypted queue.
  context.key?.allowServices('s3.amazonaws.com');
  new BucketQueueNotification(scope, 'notification', {
    bucket: context.uploadsBucket.bucket,
    queue: queue.queue,
    prefix: trigger.prefix,
    suffixes: trigger.suffixes,
    sourceAccount: context.accountId,
  });

  return {
    deadLetterQueue: { url: queue.dlqUrl, arn: queue.dlqArn, name: queue.dlqName },
    processFunction: {
      deadLetterQueueUrl: queue.dlqUrl,
      // A bad image is moved to the DLQ at once, with its reason, rather than retried maxReceiveCount times.
      statements: [{ sid: 'DeadLetterBadInput', actions: ['sqs:SendMessage'], resources: [queue.dlqArn] }],
    },
    connect(process: PipelineFunction): void {
      new QueueEventSource(scope, 'process-events', {
        function: process,
        queueArn: queue.queueArn,
        batchSize: trigger.batchSize,
        maximumBatchingWindowSeconds: trigger.batchingWindowSeconds,
        maximumConcurrency: config.processFunction.maxConcurrency,
      });
    },
    extendApi: () => undefined,
    alarmMetrics: () => [],
    outputs: () => [{ id: 'queue_url', value: queue.queueUrl, description: 'Queue of S3 notifications feeding the process function' }],
  };
}
