import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy/index.js';
import { Construct } from 'constructs';
import { DeadLetterQueue, queueEncryption } from '../dead-letter-queue/index.js';

export interface QueueWithDlqProps {
  /** Name of the main queue; the dead-letter queue is `<name>-dlq`. */
  readonly queueName: string;
  /** Must cover the consumer's whole batch: six times the function timeout plus the batching window. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. @default 3 */
  readonly maxReceiveCount?: number;
  /** How long the main queue keeps a message. @default 345600 (4 days) */
  readonly messageRetentionSeconds?: number;
  /** How long the dead-letter queue keeps a message; longer than the main queue's. @default 1209600 (14 days) */
  readonly dlqRetentionSeconds?: number;
  /** Long-polling wait for receives. @default 20 */
  readonly receiveWaitTimeSeconds?: number;
  /** Encrypt both queues with this KMS key instead of SQS-managed keys. @default SQS-managed SSE */
  readonly kmsKeyArn?: string;
}

const defaultProps: Required<Pick<QueueWithDlqProps, 'maxReceiveCount' | 'messageRetentionSeconds' | 'dlqRetentionSeconds' | 'receiveWaitTimeSeconds'>> = {
  maxReceiveCount: 3,
  messageRetentionSeconds: 4 * 86400,
  dlqRetentionSeconds: 14 * 86400,
  receiveWaitTimeSeconds: 20,
};

/**
 * An SQS queue and its dead-letter queue (a `DeadLetterQueue`), both encrypted with SQS-managed
 * keys. Only the main queue may redrive into the DLQ.
 */
export class QueueWithDlq extends Construct {
  readonly queue: SqsQueue;
  readonly dlq: SqsQueue;
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;
  readonly dlqArn: string;
  readonly dlqUrl: string;
  readonly dlqName: string;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };

    this.dlq = new DeadLetterQueue(this, 'dlq', {
      queueName: `${settings.queueName}-dlq`,
      retentionSeconds: settings.dlqRetentionSeconds,
      ...(settings.kmsKeyArn !== undefined && { kmsKeyArn: settings.kmsKeyArn }),
    }).queue;

    this.queue = new SqsQueue(this, 'queue', {
      name: settings.queueName,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      messageRetentionSeconds: settings.messageRetentionSeconds,
      receiveWaitTimeSeconds: settings.receiveWaitTimeSeconds,
      ...queueEncryption(settings.kmsKeyArn),
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.dlq.arn, maxReceiveCount: settings.maxReceiveCount }),
    });

    // A separate resource: the DLQ's allow-list names the main queue, which already names the DLQ.
    new SqsQueueRedriveAllowPolicy(this, 'redrive-allow', {
      queueUrl: this.dlq.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });

    this.queueArn = this.queue.arn;
    this.queueUrl = this.queue.url;
    this.queueName = this.queue.name;
    this.dlqArn = this.dlq.arn;
    this.dlqUrl = this.dlq.url;
    this.dlqName = this.dlq.name;
  }
}
