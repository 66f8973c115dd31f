import { describe, expect, it } from 'vitest';
import { KitConfigError } from '../../scripts/kit/errors.js';
import { loadPlan } from '../../scripts/kit/terraform/load-plan.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { validateStack } from '../../scripts/kit/terraform/validate.js';
import { devStack, repoRoot, testEnv } from './support.js';

const load = (tf: TfJson = devStack()) => loadPlan(tf, { stack: 'dev', repoRoot, env: testEnv });

describe('loading the synthesized dev stack', () => {
  const plan = load();

  it('names buckets with the emulator account id resolved', () => {
    expect(plan.buckets.map((b) => b.name).sort()).toEqual(['imgpipe-dev-outputs-000000000000', 'imgpipe-dev-uploads-000000000000']);
    expect(plan.region).toBe('eu-west-1');
  });

  it('creates the queue with its visibility timeout and a redrive policy to the DLQ', () => {
    const queue = plan.queues.find((q) => q.name === 'imgpipe-dev-process');
    const dlq = plan.queues.find((q) => q.name === 'imgpipe-dev-process-dlq');
    expect(queue?.visibilityTimeoutSeconds).toBe(360);
    expect(queue?.redrive).toEqual({ deadLetterTargetArn: dlq?.arn, maxReceiveCount: 3 });
    expect(JSON.parse(queue?.attributes.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process-dlq', maxReceiveCount: 3 });
    expect(dlq?.redrive).toBeUndefined();
  });

  it('routes the uploads bucket to the queue, one entry per suffix, with the trigger prefix', () => {
    const [notification] = plan.notifications;
    expect(notification?.bucket).toBe('imgpipe-dev-uploads-000000000000');
    const suffixes = notification?.targets.map((t) => t.filterSuffix);
    expect(suffixes).toEqual(expect.arrayContaining(['.jpg', '.jpeg', '.png', '.webp']));
    for (const target of notification?.targets ?? []) {
      expect(target).toMatchObject({ kind: 'queue', targetArn: 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-dev-process', filterPrefix: 'images/', events: ['s3:ObjectCreated:*'] });
    }
  });

  it('maps each function to its source entry by tag, with the Terraform environment resolved', () => {
    const process = plan.functions.find((f) => f.pipelineFunction === 'process');
    expect(process?.entry).toBe(`${repoRoot}functions/process/handler.ts`);
    expect(process).toMatchObject({ name: 'imgpipe-dev-process', handlerExport: 'handler', memoryMb: 1536, timeoutSeconds: 60, runtime: 'nodejs22.x' });
    expect(process?.environment.OUTPUT_BUCKET).toBe('imgpipe-dev-outputs-000000000000');
    const upload = plan.functions.find((f) => f.pipelineFunction === 'upload');
    expect(upload?.environment.UPLOADS_BUCKET).toBe('imgpipe-dev-uploads-000000000000');
  });

  it('reads the event source mapping settings', () => {
    expect(plan.eventSourceMappings).toEqual([
      expect.objectContaining({ queueName: 'imgpipe-dev-process', functionName: 'imgpipe-dev-process', batchSize: 5, batchingWindowSeconds: 0, reportBatchItemFailures: true, maximumConcurrency: 10, enabled: true }),
    ]);
  });

  it('builds the API route, its stage and the key accepted through the usage plan', () => {
    const [api] = plan.restApis;
    expect(api?.routes).toEqual([{ method: 'POST', path: '/uploads', functionName: 'imgpipe-dev-upload', apiKeyRequired: true, authorization: 'NONE' }]);
    expect(api?.stageNames).toEqual(['dev']);
    expect(api?.binaryMediaTypes).toContain('image/jpeg');
    expect(api?.apiKeysByStage).toEqual({ dev: ['test-api-key'] });
    expect(api?.gatewayResponses.map((r) => r.responseType).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
  });

  it('resolves the outputs against the local endpoints', () => {
    expect(plan.outputs.upload_url?.value).toBe('http://127.0.0.1:3000/dev/uploads');
    expect(plan.outputs.dlq_url?.value).toBe('http://sqs.eu-west-1.localhost:4566/000000000000/imgpipe-dev-process-dlq');
    expect(plan.outputs.api_key_value).toEqual({ value: 'test-api-key', sensitive: true });
  });

  it('reports IAM, logs, alarms and the alarm topic as off the data path, and nothing as missing', () => {
    expect(plan.coverage.notEmulated).toEqual([]);
    expect(plan.coverage.offPath).toEqual(expect.arrayContaining(['aws_iam_role.process_role_06D0CAFE', 'aws_cloudwatch_metric_alarm.alarms_dlq-messages_1A5E6AE8', 'aws_sns_topic.alarms_topic_CB6504A9', 'aws_lambda_permission.api_invoke-permission_194DC006']));
    expect(plan.coverage.emulated).toEqual(expect.arrayContaining(['aws_s3_bucket_notification.notification_B8C6A1B8', 'aws_lambda_event_source_mapping.process-events_mapping_F705AF45']));
  });
});

describe('what the kit cannot emulate', () => {
  it('lists a data-path resource type it has no emulation for by address', () => {
    const tf = devStack() as { resource: Record<string, Record<string, unknown>> };
    tf.resource.aws_cloudwatch_event_rule = { uploads: { name: 'uploads', event_pattern: '{}' } };
    tf.resource.aws_sns_topic!.fanout = { name: 'imgpipe-dev-fanout' };
    const plan = load(tf as TfJson);
    expect(plan.coverage.notEmulated).toEqual(
      expect.arrayContaining([
        { address: 'aws_cloudwatch_event_rule.uploads', reason: 'the kit has no emulation for aws_cloudwatch_event_rule' },
        { address: 'aws_sns_topic.fanout', reason: 'the kit has no emulation for aws_sns_topic' },
      ]),
    );
    expect(plan.coverage.notEmulated).toHaveLength(2);
  });

  it('names EventBridge delivery on a bucket notification', () => {
    const tf = devStack() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    tf.resource.aws_s3_bucket_notification!.notification_B8C6A1B8!.eventbridge = true;
    expect(load(tf as TfJson).coverage.notEmulated).toEqual([expect.objectContaining({ address: 'aws_s3_bucket_notification.notification_B8C6A1B8', reason: expect.stringContaining('eventbridge') })]);
  });

  it('refuses a function without the pipeline:function tag, naming it', () => {
    const tf = devStack() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    delete tf.resource.aws_lambda_function!.upload_function_6E44DB85!.tags;
    expect(() => validateStack(tf as TfJson, 'dev')).toThrow(/aws_lambda_function\.upload_function_6E44DB85\.tags: no "pipeline:function" tag/);
  });

  it('refuses a notification to a queue the stack does not declare', () => {
    const tf = devStack() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const notification = tf.resource.aws_s3_bucket_notification!.notification_B8C6A1B8!;
    (notification.queue as Record<string, unknown>[])[0]!.queue_arn = 'arn:aws:sqs:eu-west-1:000000000000:elsewhere';
    expect(() => load(tf as TfJson)).toThrow(KitConfigError);
  });
});
