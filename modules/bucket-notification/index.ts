import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document.js';
import { assertNoOverlap, suffixId } from './filters.js';

export interface BucketQueueNotificationProps {
  readonly bucket: S3Bucket;
  readonly queue: SqsQueue;
  /** Key prefix that triggers a message, e.g. `images/`. */
  readonly prefix: string;
  /** Key suffixes that trigger a message; one notification entry each. */
  readonly suffixes: readonly string[];
  /** @default ['s3:ObjectCreated:*'] */
  readonly events?: readonly string[];
  /** Account that owns the bucket, for the queue policy's aws:SourceAccount. @default the caller's account (aws_caller_identity) */
  readonly sourceAccount?: string;
}

const defaultEvents = ['s3:ObjectCreated:*'] as const;

/**
 * S3 event notifications from a bucket to an SQS queue, filtered by prefix and one entry per
 * suffix, with the queue policy that lets only S3, for this bucket and account, send to the queue.
 */
export class BucketQueueNotification extends Construct {
  readonly notification: S3BucketNotification;
  readonly queuePolicy: SqsQueuePolicy;

  constructor(scope: Construct, id: string, props: BucketQueueNotificationProps) {
    super(scope, id);
    const events = [...(props.events ?? defaultEvents)];
    if (props.suffixes.length === 0) throw new Error(`${this.node.path}: give at least one suffix`);
    assertNoOverlap(this.node.path, props.suffixes);

    const sourceAccount = props.sourceAccount ?? new DataAwsCallerIdentity(this, 'caller').accountId;
    this.queuePolicy = new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: props.queue.url,
      policy: policyDocument([
        {
          sid: 'AllowS3Notifications',
          principals: { service: ['s3.amazonaws.com'] },
          actions: ['sqs:SendMessage'],
          resources: [props.queue.arn],
          conditions: {
            ArnEquals: { 'aws:SourceArn': [props.bucket.arn] },
            StringEquals: { 'aws:SourceAccount': [sourceAccount] },
          },
        },
      ]),
    });

    // S3 sends a test message when the configuration is saved, so the policy must exist first.
    this.notification = new S3BucketNotification(this, 'notification', {
      bucket: props.bucket.id,
      queue: props.suffixes.map((suffix) => ({
        id: `${suffixId(props.prefix)}-${suffixId(suffix)}`,
        queueArn: props.queue.arn,
        events,
        filterPrefix: props.prefix,
        filterSuffix: suffix,
      })),
      dependsOn: [this.queuePolicy],
    });
  }
}

export { BucketEventBridgeNotification, type BucketEventBridgeNotificationProps } from './eventbridge.js';
export { BucketLambdaNotification, type BucketLambdaNotificationProps } from './lambda.js';
