import { describe, expect, it } from 'vitest';
import { PipelineFunction } from '../../modules/lambda-function/index.js';
import { QueueEventSource } from '../../modules/queue-event-source/index.js';
import { dummyZip, onlyResource, synthScope } from './terraform-json.js';

describe('QueueEventSource', () => {
  const json = synthScope((scope) => {
    const fn = new PipelineFunction(scope, 'process', { functionName: 'p', pipelineFunction: 'process', zipPath: dummyZip(), architecture: 'arm64' });
    new QueueEventSource(scope, 'events', {
      function: fn,
      queueArn: 'arn:aws:sqs:eu-west-1:123456789012:p-queue',
      batchSize: 5,
      maximumBatchingWindowSeconds: 2,
      maximumConcurrency: 10,
    });
  });
  const mapping = onlyResource(json, 'aws_lambda_event_source_mapping');

  it('feeds the queue to the function with partial batch responses, batch size, window and concurrency cap', () => {
    expect(mapping).toMatchObject({
      event_source_arn: 'arn:aws:sqs:eu-west-1:123456789012:p-queue',
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.[\w-]+\.arn\}$/),
      function_response_types: ['ReportBatchItemFailures'],
      batch_size: 5,
      maximum_batching_window_in_seconds: 2,
      scaling_config: { maximum_concurrency: 10 },
    });
  });

  it('grants the poller actions on that queue only, before the mapping is created', () => {
    const statements = JSON.parse(onlyResource(json, 'aws_iam_role_policy').policy).Statement as unknown[];
    expect(statements).toContainEqual({
      Sid: 'ConsumeQueue',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      Resource: ['arn:aws:sqs:eu-west-1:123456789012:p-queue'],
    });
    expect(mapping.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });
});
