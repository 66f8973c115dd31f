import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envNames } from '../../config/function-env.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { pipelineResources, type PipelineResources } from '../../scripts/kit/terraform/pipeline-resources.js';
import { repoRoot, resourcesOf, synthesizedStack } from './support.js';

describe('applying the dev stack on the embedded emulator', () => {
  let kit: Kit;
  let pipeline: PipelineResources;
  beforeAll(async () => {
    // No mapping runs: the test events must stay in the queue to be counted.
    const tf = synthesizedStack();
    for (const mapping of Object.values(resourcesOf(tf, 'aws_lambda_event_source_mapping'))) mapping.enabled = false;
    kit = await startKit({ tfJson: tf, repoRoot, prewarm: false });
    pipeline = pipelineResources(kit.plan);
  });
  afterAll(() => kit.stop());

  it('creates both buckets', async () => {
    const names = [pipeline.uploadsBucket.name, pipeline.outputsBucket.name];
    expect(names).toEqual(['imgpipe-dev-uploads-000000000000', 'imgpipe-dev-outputs-000000000000']);
    for (const bucket of names) await expect(kit.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
  });

  it('creates the queue with its visibility timeout and redrive policy', async () => {
    const { Attributes } = await kit.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: kit.queueUrl(pipeline.queue!.name), AttributeNames: ['All'] }));
    expect(Attributes?.VisibilityTimeout).toBe('360');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process-dlq', maxReceiveCount: 3 });
  });

  it('is idempotent: applying again duplicates nothing and sends no second test event', async () => {
    const count = async () => (await kit.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: kit.queueUrl(pipeline.queue!.name), AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages;
    expect(await count()).toBe('1');
    await kit.reapply();
    expect(await count()).toBe('1');
    const { QueueUrls } = await kit.clients.sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls).toHaveLength(2);
  });

  it('gives functions the Terraform environment plus the emulator endpoint', () => {
    const spec = kit.runner.spec(pipeline.processFunction.name);
    expect(spec?.env).toMatchObject({
      [envNames.outputBucket]: pipeline.outputsBucket.name,
      [envNames.deadLetterQueueUrl]: kit.queueUrl(pipeline.dlq.name),
      AWS_ENDPOINT_URL: kit.endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1536',
    });
    expect(spec).toMatchObject({ memoryMb: 1536, timeoutSeconds: 60 });
  });
});
