import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document.js';

export interface DeadLetterQueueProps {
  /** The queue's name, e.g. `<name>-process-dlq`. */
  readonly queueName: string;
  /** How long a message is kept, in seconds. @default 1209600 (14 days, SQS's maximum) */
  readonly retentionSeconds?: number;
  /** Encrypt with this KMS key instead of SQS-managed keys. @default SQS-managed SSE */
  readonly kmsKeyArn?: string;
}

const defaultProps: Required<Pick<DeadLetterQueueProps, 'retentionSeconds'>> = { retentionSeconds: 14 * 86400 };

/**
 * An SQS queue where failures end: encrypted with SQS-managed keys, kept as long as SQS allows by
 * default. Senders are granted separately: a function's role (`sqs:SendMessage`), a redrive policy,
 * or `allowEventRules` for EventBridge targets.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    // 'Default' keeps the queue's logical ID what it was before this construct existed (cdktf hides that id).
    this.queue = new SqsQueue(this, 'Default', {
      name: settings.queueName,
      messageRetentionSeconds: settings.retentionSeconds,
      ...queueEncryption(settings.kmsKeyArn),
    });
    this.queueArn = this.queue.arn;
    this.queueUrl = this.queue.url;
    this.queueName = this.queue.name;
  }

  /**
   * The queue policy letting EventBridge deliver here for these rules only (a rule's SQS target or
   * its target's dead-letter config); `aws:SourceArn` is the rule's ARN. A queue has one policy:
   * call this once.
   */
  allowEventRules(ruleArns: readonly string[]): SqsQueuePolicy {
    return new SqsQueuePolicy(this, 'event-rules-policy', {
      queueUrl: this.queue.url,
      policy: policyDocument([
        {
          sid: 'AllowEventRules',
          principals: { service: ['events.amazonaws.com'] },
          actions: ['sqs:SendMessage'],
          resources: [this.queue.arn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArns } },
        },
      ]),
    });
  }
}

/** SSE with this KMS key (data keys reused for 5 minutes, SQS's default) or, without one, SQS-managed SSE. */
export function queueEncryption(kmsKeyArn: string | undefined): { sqsManagedSseEnabled: true } | { kmsMasterKeyId: string; kmsDataKeyReusePeriodSeconds: number } {
  return kmsKeyArn === undefined ? { sqsManagedSseEnabled: true } : { kmsMasterKeyId: kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
}
