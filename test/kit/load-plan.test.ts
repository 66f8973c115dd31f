import { describe, expect, it } from 'vitest';
import { envNames } from '../../config/function-env.js';
import { KitConfigError } from '../../scripts/kit/errors.js';
import { loadPlan } from '../../scripts/kit/terraform/load-plan.js';
import { pipelineOutputNames, pipelineResources, processingSpecOf } from '../../scripts/kit/terraform/pipeline-resources.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { validateStack } from '../../scripts/kit/terraform/validate.js';
import { repoRoot, resourcesOf, synthesizedStack, testEnv } from './support.js';

const load = (tf: TfJson = synthesizedStack()) => loadPlan(tf, { stack: 'dev', repoRoot, env: testEnv });
const firstOf = (resources: Record<string, Record<string, unknown>>): Record<string, unknown> => Object.values(resources)[0]!;

describe('loading the synthesized dev stack', () => {
  const plan = load();
  const pipeline = pipelineResources(plan);

  it('finds the buckets through the outputs, with the emulator account id resolved', () => {
    expect([pipeline.uploadsBucket.name, pipeline.outputsBucket.name]).toEqual(['imgpipe-dev-uploads-000000000000', 'imgpipe-dev-outputs-000000000000']);
    expect(plan.buckets.map((b) => b.name).sort()).toEqual([pipeline.outputsBucket.name, pipeline.uploadsBucket.name]);
    expect(plan.region).toBe('eu-west-1');
  });

  it('finds the queue and its dead-letter queue through the outputs, with the visibility timeout and redrive policy', () => {
    expect(pipeline.queue).toMatchObject({ name: 'imgpipe-dev-process', url: testEnv.queueUrl('imgpipe-dev-process'), visibilityTimeoutSeconds: 360 });
    expect(pipeline.dlq).toMatchObject({ name: 'imgpipe-dev-process-dlq', url: testEnv.queueUrl('imgpipe-dev-process-dlq') });
    expect(pipeline.queue!.redrive).toEqual({ deadLetterTargetArn: pipeline.dlq.arn, maxReceiveCount: 3 });
    expect(JSON.parse(pipeline.queue!.attributes.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process-dlq', maxReceiveCount: 3 });
    expect(pipeline.dlq.redrive).toBeUndefined();
  });

  it('routes the uploads bucket to the queue, one entry per suffix, with the trigger prefix', () => {
    const [notification] = plan.notifications;
    expect(notification?.bucket).toBe(pipeline.uploadsBucket.name);
    expect(notification?.targets.map((t) => t.filterSuffix)).toEqual(expect.arrayContaining(['.jpg', '.jpeg', '.png', '.webp']));
    for (const target of notification?.targets ?? []) {
      expect(target).toMatchObject({ kind: 'queue', targetArn: pipeline.queue!.arn, filterPrefix: 'images/', events: ['s3:ObjectCreated:*'] });
    }
  });

  it('maps each function to its source entry by tag, with the Terraform environment resolved to the stack\'s own resources', () => {
    const { processFunction, uploadFunction } = pipeline;
    expect(processFunction).toMatchObject({ name: 'imgpipe-dev-process', pipelineFunction: 'process', entry: `${repoRoot}functions/process/handler.ts`, handlerExport: 'handler', memoryMb: 1536, timeoutSeconds: 60, runtime: 'nodejs22.x' });
    expect(processFunction.environment[envNames.outputBucket]).toBe(pipeline.outputsBucket.name);
    expect(processFunction.environment[envNames.deadLetterQueueUrl]).toBe(pipeline.dlq.url);
    expect(uploadFunction).toMatchObject({ pipelineFunction: 'upload', entry: `${repoRoot}functions/upload/handler.ts` });
    expect(uploadFunction.environment[envNames.uploadsBucket]).toBe(pipeline.uploadsBucket.name);
    expect(processingSpecOf(processFunction).variants.map((v) => v.name)).toEqual(['thumb', 'medium', 'large']);
  });

  it('reads the event source mapping settings', () => {
    expect(plan.eventSourceMappings).toEqual([
      expect.objectContaining({ queueName: pipeline.queue!.name, functionName: pipeline.processFunction.name, batchSize: 5, batchingWindowSeconds: 0, reportBatchItemFailures: true, maximumConcurrency: 10, enabled: true }),
    ]);
  });

  it('builds the API route, its stage and the key accepted through the usage plan', () => {
    const [api] = plan.restApis;
    expect(api?.routes).toEqual([{ method: 'POST', path: '/uploads', functionName: pipeline.uploadFunction.name, apiKeyRequired: true, authorization: 'NONE', requiredHeaders: ['Content-Type'] }]);
    expect(api?.stageNames).toEqual(['dev']);
    expect(api?.binaryMediaTypes).toContain('image/jpeg');
    expect(api?.apiKeysByStage).toEqual({ dev: ['test-api-key'] });
    expect(api?.gatewayResponses.map((r) => r.responseType).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
  });

  it('resolves the outputs against the local endpoints', () => {
    expect(plan.outputs[pipelineOutputNames.uploadUrl]?.value).toBe('http://127.0.0.1:3000/dev/uploads');
    expect(plan.outputs[pipelineOutputNames.dlqUrl]?.value).toBe(testEnv.queueUrl('imgpipe-dev-process-dlq'));
    expect(plan.outputs[pipelineOutputNames.apiKeyValue]).toEqual({ value: 'test-api-key', sensitive: true });
  });

  it('reports IAM, logs, alarms and the alarm topic as off the data path, and nothing as missing', () => {
    expect(plan.coverage.notEmulated).toEqual([]);
    const offPathTypes = new Set(plan.coverage.offPath.map((address) => address.split('.')[0]));
    expect([...offPathTypes]).toEqual(expect.arrayContaining(['aws_iam_role', 'aws_cloudwatch_metric_alarm', 'aws_sns_topic']));
    const emulatedTypes = new Set(plan.coverage.emulated.map((address) => address.split('.')[0]));
    // Permissions are loaded: S3 checks them when a notification names a function.
    expect([...emulatedTypes]).toEqual(expect.arrayContaining(['aws_s3_bucket_notification', 'aws_lambda_event_source_mapping', 'aws_sqs_queue', 'aws_lambda_function', 'aws_lambda_permission']));
    expect(offPathTypes.has('aws_lambda_permission')).toBe(false);
  });
});

describe('the pipeline resources come only from the outputs', () => {
  it('names an output the stack does not declare', () => {
    const tf = synthesizedStack() as { output: Record<string, unknown> };
    delete tf.output[pipelineOutputNames.dlqUrl];
    expect(() => pipelineResources(load(tf as TfJson))).toThrow(/output\.dlq_url: the stack dev declares no such output/);
  });

  it('refuses an output that names no resource of the stack, instead of guessing by name', () => {
    const tf = synthesizedStack() as { output: Record<string, { value: unknown }> };
    tf.output[pipelineOutputNames.outputsBucket]!.value = 'imgpipe-dev-outputs-elsewhere';
    expect(() => pipelineResources(load(tf as TfJson))).toThrow(/output\.outputs_bucket_name: imgpipe-dev-outputs-elsewhere is not a bucket of the stack dev/);
  });

  it('follows the outputs when the resources are named otherwise', () => {
    // Outputs that point at each other's queues: the DLQ is what dlq_url says, not what a redrive policy targets.
    const tf = synthesizedStack() as { output: Record<string, { value: unknown }> };
    const [queue, dlq] = [tf.output[pipelineOutputNames.queueUrl]!.value, tf.output[pipelineOutputNames.dlqUrl]!.value];
    tf.output[pipelineOutputNames.queueUrl]!.value = dlq;
    tf.output[pipelineOutputNames.dlqUrl]!.value = queue;
    const swapped = pipelineResources(load(tf as TfJson));
    expect([swapped.queue!.name, swapped.dlq.name]).toEqual(['imgpipe-dev-process-dlq', 'imgpipe-dev-process']);
  });
});

describe('what the kit cannot emulate', () => {
  it('lists a data-path resource type it has no emulation for by address', () => {
    const tf = synthesizedStack() as { resource: Record<string, Record<string, unknown>> };
    tf.resource.aws_kinesis_stream = { uploads: { name: 'uploads', shard_count: 1 } };
    tf.resource.aws_sns_topic!.fanout = { name: 'imgpipe-dev-fanout' };
    const plan = load(tf as TfJson);
    expect([...plan.coverage.notEmulated].sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: 'aws_kinesis_stream.uploads', reason: 'the kit has no emulation for aws_kinesis_stream' },
      { address: 'aws_sns_topic.fanout', reason: 'the kit has no emulation for aws_sns_topic' },
    ]);
  });

  it('takes EventBridge delivery on a bucket notification as emulated, flagged on the notification', () => {
    const tf = synthesizedStack();
    const [, notification] = Object.entries(resourcesOf(tf, 'aws_s3_bucket_notification'))[0]!;
    notification.eventbridge = true;
    const plan = load(tf);
    expect(plan.coverage.notEmulated).toEqual([]);
    expect(plan.notifications[0]?.eventBridge).toBe(true);
  });

  it('refuses a function without the pipeline:function tag, naming it', () => {
    const tf = synthesizedStack();
    const [name, fn] = Object.entries(resourcesOf(tf, 'aws_lambda_function'))[0]!;
    delete fn.tags;
    expect(() => validateStack(tf, 'dev')).toThrow(`aws_lambda_function.${name}.tags: no "pipeline:function" tag`);
  });

  it('refuses a notification to a queue the stack does not declare', () => {
    const tf = synthesizedStack();
    (firstOf(resourcesOf(tf, 'aws_s3_bucket_notification')).queue as Record<string, unknown>[])[0]!.queue_arn = 'arn:aws:sqs:eu-west-1:000000000000:elsewhere';
    expect(() => load(tf)).toThrow(KitConfigError);
    expect(() => load(tf)).toThrow(/queue\[0\]\.queue_arn: arn:aws:sqs:eu-west-1:000000000000:elsewhere is not a queue of this stack/);
  });
});
