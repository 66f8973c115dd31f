import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { BucketQueueNotification, type BucketQueueNotificationProps } from '../../modules/bucket-notification/index.js';
import { onlyResource, statementWithSid, synthScope } from './terraform-json.js';

function build(scope: Construct, overrides: Partial<BucketQueueNotificationProps> = {}): void {
  const bucket = new S3Bucket(scope, 'uploads', { bucket: 'uploads' });
  const queue = new SqsQueue(scope, 'queue', { name: 'queue' });
  new BucketQueueNotification(scope, 'notification', { bucket, queue, prefix: 'images/', suffixes: ['.jpg', '.png'], ...overrides });
}

describe('BucketQueueNotification', () => {
  const json = synthScope((scope) => build(scope));
  const notification = onlyResource(json, 'aws_s3_bucket_notification');
  const queuePolicy = onlyResource(json, 'aws_sqs_queue_policy');

  it('sends ObjectCreated events under the prefix to the queue, one entry per suffix', () => {
    expect(notification.bucket).toBe('${aws_s3_bucket.uploads.id}');
    expect(notification.queue).toEqual([
      { id: 'images-jpg', queue_arn: '${aws_sqs_queue.queue.arn}', events: ['s3:ObjectCreated:*'], filter_prefix: 'images/', filter_suffix: '.jpg' },
      { id: 'images-png', queue_arn: '${aws_sqs_queue.queue.arn}', events: ['s3:ObjectCreated:*'], filter_prefix: 'images/', filter_suffix: '.png' },
    ]);
  });

  it('lets only S3, for this bucket and account, send to the queue', () => {
    expect(queuePolicy.queue_url).toBe('${aws_sqs_queue.queue.url}');
    const document = JSON.parse(queuePolicy.policy) as { Statement: unknown[] };
    expect(document.Statement).toHaveLength(1);
    expect(statementWithSid(queuePolicy.policy, 'AllowS3Notifications')).toEqual({
      Sid: 'AllowS3Notifications',
      Effect: 'Allow',
      Principal: { Service: ['s3.amazonaws.com'] },
      Action: ['sqs:SendMessage'],
      Resource: ['${aws_sqs_queue.queue.arn}'],
      Condition: {
        ArnEquals: { 'aws:SourceArn': ['${aws_s3_bucket.uploads.arn}'] },
        StringEquals: { 'aws:SourceAccount': [expect.stringMatching(/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/)] },
      },
    });
  });

  it('takes the account from the caller identity unless given one', () => {
    expect(Object.keys(json.data?.aws_caller_identity ?? {})).toHaveLength(1);
    const given = synthScope((scope) => build(scope, { sourceAccount: '000000000000' }));
    expect(given.data?.aws_caller_identity).toBeUndefined();
    expect(statementWithSid(onlyResource(given, 'aws_sqs_queue_policy').policy, 'AllowS3Notifications').Condition?.StringEquals).toEqual({
      'aws:SourceAccount': ['000000000000'],
    });
  });

  it('is created after the queue policy, so S3 can deliver its test event', () => {
    expect(notification.depends_on).toEqual([expect.stringMatching(/^aws_sqs_queue_policy\./)]);
  });

  it('refuses suffixes S3 would reject as overlapping', () => {
    expect(() => synthScope((scope) => build(scope, { suffixes: ['.tar.gz', '.gz'] }))).toThrow(/overlap/);
  });

  it('compares suffixes case-sensitively, as S3 does: .jpg and .JPG are two entries, not an overlap', () => {
    const json = synthScope((scope) => build(scope, { suffixes: ['.jpg', '.JPG'] }));
    const entries = onlyResource(json, 'aws_s3_bucket_notification').queue as { id: string; filter_suffix: string }[];
    expect(entries.map((entry) => entry.filter_suffix)).toEqual(['.jpg', '.JPG']);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(2);
  });
});
