import { describe, expect, it } from 'vitest';
import { QueueWithDlq } from '../../modules/queue-with-dlq/index.js';
import { onlyResource, resourcesOf, synthScope } from './terraform-json.js';

describe('QueueWithDlq', () => {
  const json = synthScope(
    (scope) =>
      new QueueWithDlq(scope, 'queue', { queueName: 'p-dev-process', visibilityTimeoutSeconds: 360, maxReceiveCount: 4, dlqRetentionSeconds: 864000 }),
  );
  const queues = resourcesOf(json, 'aws_sqs_queue');
  const [mainName, main] = Object.entries(queues).find(([, q]) => q.name === 'p-dev-process') ?? [];
  const [dlqName, dlq] = Object.entries(queues).find(([, q]) => q.name === 'p-dev-process-dlq') ?? [];

  it('creates the main queue and its DLQ, both with SQS-managed encryption', () => {
    expect(Object.keys(queues)).toHaveLength(2);
    expect(main?.sqs_managed_sse_enabled).toBe(true);
    expect(dlq?.sqs_managed_sse_enabled).toBe(true);
  });

  it('sets the visibility timeout given and long polling on the main queue', () => {
    expect(main).toMatchObject({ visibility_timeout_seconds: 360, receive_wait_time_seconds: 20, message_retention_seconds: 345600 });
  });

  it('redrives to the DLQ after maxReceiveCount receives', () => {
    expect(JSON.parse(main?.redrive_policy)).toEqual({ deadLetterTargetArn: `\${aws_sqs_queue.${dlqName}.arn}`, maxReceiveCount: 4 });
  });

  it('keeps dead letters for the configured retention', () => {
    expect(dlq?.message_retention_seconds).toBe(864000);
  });

  it('lets only the main queue redrive into the DLQ', () => {
    const allow = onlyResource(json, 'aws_sqs_queue_redrive_allow_policy');
    expect(allow.queue_url).toBe(`\${aws_sqs_queue.${dlqName}.url}`);
    expect(JSON.parse(allow.redrive_allow_policy)).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [`\${aws_sqs_queue.${mainName}.arn}`],
    });
  });
});
