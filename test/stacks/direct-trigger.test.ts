import { describe, expect, it } from 'vitest';
import { pipelineFunctionTag } from '../../modules/lambda-function/index.js';
import { listOf, onlyResource, resourcesOf, type Block } from '../modules/terraform-json.js';
import { ref, synthPipeline, theOne } from './synth-pipeline.js';

describe('PipelineStack with trigger.via "direct"', () => {
  const json = synthPipeline({ trigger: { via: 'direct', retryAttempts: 1, maxEventAgeSeconds: 900 } });
  const [uploadsId] = theOne(json, 'aws_s3_bucket', (b) => String(b.bucket).includes('-uploads-'));
  const [dlqId, dlq] = theOne(json, 'aws_sqs_queue', () => true);
  const [processId, processFn] = theOne(json, 'aws_lambda_function', (f) => f.tags?.[pipelineFunctionTag] === 'process');
  const [permissionId, permission] = theOne(json, 'aws_lambda_permission', (p) => p.principal === 's3.amazonaws.com');
  const notification = onlyResource(json, 'aws_s3_bucket_notification');
  const processPolicy = theOne(json, 'aws_iam_role_policy', (p) => String(p.name).endsWith('-process-policy'))[1];

  it('has no processing queue: one encrypted dead-letter queue named <name>-process-dlq', () => {
    expect(dlq).toMatchObject({ name: 'imgpipe-dev-process-dlq', sqs_managed_sse_enabled: true, message_retention_seconds: 14 * 86400 });
    expect(json.resource?.aws_lambda_event_source_mapping).toBeUndefined();
  });

  it('lets S3 invoke the process function for the uploads bucket of this account only', () => {
    expect(permission).toMatchObject({
      statement_id: 'AllowS3Invoke',
      action: 'lambda:InvokeFunction',
      function_name: ref('aws_lambda_function', processId, 'function_name'),
      source_arn: ref('aws_s3_bucket', uploadsId, 'arn'),
      source_account: '${data.aws_caller_identity.caller.account_id}',
    });
  });

  it('notifies the process function for each suffix under the prefix, after the permission exists', () => {
    expect(notification.bucket).toBe(ref('aws_s3_bucket', uploadsId, 'id'));
    const entries = notification.lambda_function as Block[];
    expect(entries.map((e) => [e.id, e.filter_prefix, e.filter_suffix])).toEqual(
      ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.JPG', '.JPEG', '.PNG', '.WEBP', '.GIF', '.TIF', '.TIFF', '.AVIF'].map((s) => [`process-${s.slice(1)}`, 'images/', s]),
    );
    for (const entry of entries) expect(entry).toMatchObject({ lambda_function_arn: ref('aws_lambda_function', processId, 'arn'), events: ['s3:ObjectCreated:*'] });
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(notification.depends_on).toEqual([`aws_lambda_permission.${permissionId}`]);
  });

  it('follows a custom prefix and suffix list', () => {
    const custom = synthPipeline({ trigger: { via: 'direct', prefix: 'in/', suffixes: ['.png'] } });
    expect((onlyResource(custom, 'aws_s3_bucket_notification').lambda_function as Block[]).map((e) => [e.filter_prefix, e.filter_suffix])).toEqual([['in/', '.png']]);
  });

  it("retries and ages failed invocations as configured, then sends Lambda's record to the DLQ", () => {
    expect(onlyResource(json, 'aws_lambda_function_event_invoke_config')).toMatchObject({
      function_name: ref('aws_lambda_function', processId, 'function_name'),
      maximum_retry_attempts: 1,
      maximum_event_age_in_seconds: 900,
      destination_config: { on_failure: { destination: ref('aws_sqs_queue', dlqId, 'arn') } },
    });
    const defaults = onlyResource(synthPipeline({ trigger: { via: 'direct' } }), 'aws_lambda_function_event_invoke_config');
    expect(defaults).toMatchObject({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 21600 });
  });

  it('reserves the configured concurrency and tells the function where bad images go', () => {
    expect(processFn.reserved_concurrent_executions).toBe(10);
    expect(processFn.environment.variables.DEAD_LETTER_QUEUE_URL).toBe(ref('aws_sqs_queue', dlqId, 'url'));
    const statements = JSON.parse(processPolicy.policy).Statement as Block[];
    const sqs = statements.filter((s) => listOf(s.Action).some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap((s) => listOf(s.Action))).toEqual(['sqs:SendMessage', 'sqs:SendMessage']);
    for (const statement of sqs) expect(listOf(statement.Resource)).toEqual([ref('aws_sqs_queue', dlqId, 'arn')]);
  });

  it("alarms on the DLQ depth, dropped async events and failed destination deliveries", () => {
    const alarms = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toContainEqual(expect.objectContaining({ metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: ref('aws_sqs_queue', dlqId, 'name') } }));
    for (const metric of ['AsyncEventsDropped', 'DestinationDeliveryFailures']) {
      expect(alarms).toContainEqual(
        expect.objectContaining({ namespace: 'AWS/Lambda', metric_name: metric, dimensions: { FunctionName: ref('aws_lambda_function', processId, 'function_name') }, threshold: 0, comparison_operator: 'GreaterThanThreshold' }),
      );
    }
  });

  it('outputs what the kit needs, without a queue_url, and says which trigger it is', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      ['alarm_topic_arn', 'api_key_id', 'api_key_value', 'dlq_url', 'outputs_bucket_name', 'process_function_name', 'trigger_via', 'upload_function_name', 'upload_url', 'uploads_bucket_name'].sort(),
    );
    expect(json.output?.trigger_via?.value).toBe('direct');
    expect(json.output?.dlq_url?.value).toBe(ref('aws_sqs_queue', dlqId, 'url'));
  });
});
