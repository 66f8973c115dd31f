import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { readProcessFunctionEnv, readUploadFunctionEnv } from '../../config/function-env.js';
import { resolvePipelineConfig } from '../../config/resolve.js';
import type { ResolvedPipelineConfig } from '../../config/resolved.js';
import type { PipelineConfig } from '../../config/types.js';
import { pipelineFunctionTag } from '../../modules/lambda-function/index.js';
import { pipelineConfig } from '../../pipeline.config.js';
import { PipelineStack, type PipelineStackProps } from '../../stacks/pipeline-stack.js';
import { localstackApiKeyValue } from '../../stacks/localstack-target.js';
import { localstackServices } from '../../stacks/providers.js';
import {
  dummyZips,
  listOf,
  onlyResource,
  policyDocuments,
  resourcesOf,
  statementWithSid,
  type Block,
  type TerraformJson,
} from '../modules/terraform-json.js';

const zips = dummyZips();

function synthStack(config: ResolvedPipelineConfig, props: Partial<PipelineStackProps> = {}): TerraformJson {
  const stack = new PipelineStack(Testing.app(), 'test', { stage: 'dev', config, zips, ...props });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

const resolve = (overrides: Partial<PipelineConfig> = {}) => resolvePipelineConfig({ ...pipelineConfig, ...overrides });

function named(json: TerraformJson, type: string, predicate: (block: Block) => boolean): [string, Block] {
  const found = Object.entries(resourcesOf(json, type)).filter(([, block]) => predicate(block));
  expect(found, `one ${type} matching`).toHaveLength(1);
  return found[0] as [string, Block];
}

describe('PipelineStack (dev, AWS)', () => {
  const config = resolve();
  const json = synthStack(config);
  const [uploadsId] = named(json, 'aws_s3_bucket', (b) => String(b.bucket).includes('-uploads-'));
  const [outputsId] = named(json, 'aws_s3_bucket', (b) => String(b.bucket).includes('-outputs-'));
  const [queueId] = named(json, 'aws_sqs_queue', (q) => q.name === 'imgpipe-dev-process');
  const [dlqId] = named(json, 'aws_sqs_queue', (q) => q.name === 'imgpipe-dev-process-dlq');
  const [, processFn] = named(json, 'aws_lambda_function', (f) => f.tags?.[pipelineFunctionTag] === 'process');
  const [, uploadFn] = named(json, 'aws_lambda_function', (f) => f.tags?.[pipelineFunctionTag] === 'upload');
  const rolePolicyOf = (fnBlock: Block) => {
    const roleRef = String(fnBlock.role).replace(/^\$\{aws_iam_role\.([\w-]+)\.arn\}$/, '$1');
    return named(json, 'aws_iam_role_policy', (p) => p.role === `\${aws_iam_role.${roleRef}.id}`)[1].policy as string;
  };

  it('configures the AWS provider in the stack, with the region and default tags', () => {
    expect(json.provider?.aws).toEqual([
      { region: 'eu-west-1', default_tags: [{ tags: { project: 's3-image-pipeline', pipeline: 'imgpipe', stage: 'dev', 'managed-by': 'cdktf' } }] },
    ]);
  });

  it('names buckets <prefix>-<stage>-<role>-<account id>, and everything else <prefix>-<stage>-...', () => {
    const account = '${data.aws_caller_identity.caller.account_id}';
    expect(resourcesOf(json, 'aws_s3_bucket')[uploadsId]?.bucket).toBe(`imgpipe-dev-uploads-${account}`);
    expect(resourcesOf(json, 'aws_s3_bucket')[outputsId]?.bucket).toBe(`imgpipe-dev-outputs-${account}`);
    expect(Object.values(resourcesOf(json, 'aws_sqs_queue')).map((q) => q.name).sort()).toEqual(['imgpipe-dev-process', 'imgpipe-dev-process-dlq']);
    expect([processFn.function_name, uploadFn.function_name]).toEqual(['imgpipe-dev-process', 'imgpipe-dev-upload']);
    expect(onlyResource(json, 'aws_api_gateway_rest_api').name).toBe('imgpipe-dev-upload-api');
  });

  it('gives the functions the environment their handlers read, with bucket names as references', () => {
    const processEnv = readProcessFunctionEnv(processFn.environment.variables);
    expect(processEnv).toEqual({
      outputBucket: `\${aws_s3_bucket.${outputsId}.bucket}`,
      outputPrefix: '',
      triggerPrefix: 'images/',
      processing: config.processing,
      deadLetterQueueUrl: `\${aws_sqs_queue.${dlqId}.url}`,
    });
    expect(processFn.environment.variables.DEAD_LETTER_QUEUE_URL).toBe(`\${aws_sqs_queue.${dlqId}.url}`);
    const uploadEnv = readUploadFunctionEnv(uploadFn.environment.variables);
    expect(uploadEnv).toMatchObject({
      uploadsBucket: `\${aws_s3_bucket.${uploadsId}.bucket}`,
      triggerPrefix: 'images/',
      allowedSuffixes: [...config.trigger.suffixes],
      maxUploadBytes: config.upload.maxBytes,
    });
  });

  it('sizes functions from the config', () => {
    expect(processFn).toMatchObject({ architectures: ['arm64'], memory_size: 1536, timeout: 60, runtime: 'nodejs22.x' });
    expect(uploadFn).toMatchObject({ architectures: ['arm64'], memory_size: 256, timeout: 10 });
    for (const group of Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'))) expect(group.retention_in_days).toBe(30);
  });

  it('notifies the queue for each allowed suffix under the trigger prefix of the uploads bucket', () => {
    const notification = onlyResource(json, 'aws_s3_bucket_notification');
    expect(notification.bucket).toBe(`\${aws_s3_bucket.${uploadsId}.id}`);
    expect((notification.queue as Block[]).map((q) => [q.filter_prefix, q.filter_suffix])).toEqual(config.trigger.suffixes.map((s) => ['images/', s]));
    const policy = onlyResource(json, 'aws_sqs_queue_policy').policy as string;
    expect(statementWithSid(policy, 'AllowS3Notifications').Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': [`\${aws_s3_bucket.${uploadsId}.arn}`] },
      StringEquals: { 'aws:SourceAccount': ['${data.aws_caller_identity.caller.account_id}'] },
    });
  });

  it('gives the queue six times the process timeout to hide a message, and feeds it to the process function', () => {
    const [, queue] = named(json, 'aws_sqs_queue', (q) => q.name === 'imgpipe-dev-process');
    expect(queue.visibility_timeout_seconds).toBe(360);
    expect(JSON.parse(queue.redrive_policy).maxReceiveCount).toBe(3);
    expect(onlyResource(json, 'aws_lambda_event_source_mapping')).toMatchObject({
      batch_size: 5,
      maximum_batching_window_in_seconds: 0,
      scaling_config: { maximum_concurrency: 10 },
      function_response_types: ['ReportBatchItemFailures'],
    });
  });

  it('adds the batching window to the visibility timeout', () => {
    const windowed = synthStack(resolve({ processFunction: { timeoutSeconds: 30 }, trigger: { batchingWindowSeconds: 5, batchSize: 50 } }));
    const [, queue] = named(windowed, 'aws_sqs_queue', (q) => q.name === 'imgpipe-dev-process');
    expect(queue.visibility_timeout_seconds).toBe(6 * 30 + 5);
    expect(onlyResource(windowed, 'aws_lambda_event_source_mapping')).toMatchObject({ batch_size: 50, maximum_batching_window_in_seconds: 5 });
  });

  it('lets the process function read the trigger prefix and write the outputs, nothing more in S3', () => {
    const policy = rolePolicyOf(processFn);
    expect(statementWithSid(policy, 'ReadUploads')).toMatchObject({ Action: ['s3:GetObject'], Resource: [`\${aws_s3_bucket.${uploadsId}.arn}/images/*`] });
    expect(statementWithSid(policy, 'WriteOutputs')).toMatchObject({ Action: ['s3:PutObject'], Resource: [`\${aws_s3_bucket.${outputsId}.arn}/*`] });
    const s3Actions = (JSON.parse(policy).Statement as Block[]).flatMap((s) => listOf(s.Action)).filter((a) => a.startsWith('s3:'));
    expect(s3Actions.sort()).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('lets the process function send to its dead-letter queue only, and consume its own queue', () => {
    const statements = JSON.parse(rolePolicyOf(processFn)).Statement as Block[];
    const sqsStatements = statements.filter((s) => listOf(s.Action).some((a) => a.startsWith('sqs:')));
    const sending = sqsStatements.filter((s) => listOf(s.Action).includes('sqs:SendMessage'));
    expect(sending).toEqual([{ Sid: 'DeadLetterBadInput', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [`\${aws_sqs_queue.${dlqId}.arn}`] }]);
    // Everything else in SQS is the event source mapping's, on the main queue.
    const consuming = sqsStatements.filter((s) => !sending.includes(s));
    expect(consuming.flatMap((s) => listOf(s.Action)).sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']);
    for (const statement of consuming) {
      expect(listOf(statement.Resource)).toEqual([`\${aws_sqs_queue.${queueId}.arn}`]);
      expect(listOf(statement.Action)).not.toContain('sqs:SendMessage');
    }
  });

  it('lets the upload function write under the trigger prefix only', () => {
    const statements = JSON.parse(rolePolicyOf(uploadFn)).Statement as Block[];
    expect(statements.map((s) => s.Sid)).toEqual(['WriteOwnLogs', 'WriteUploads']);
    expect(statementWithSid(rolePolicyOf(uploadFn), 'WriteUploads')).toMatchObject({
      Action: ['s3:PutObject'],
      Resource: [`\${aws_s3_bucket.${uploadsId}.arn}/images/*`],
    });
  });

  it('grants no wildcard action and no "*" resource outside logs, in any policy of the stack', () => {
    const policies = policyDocuments(json);
    expect(policies.map((p) => p.address.split('.')[0]).sort()).toEqual(
      ['aws_iam_role', 'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy', 'aws_kms_key', 'aws_s3_bucket_policy', 'aws_s3_bucket_policy', 'aws_sqs_queue_policy'].sort(),
    );
    for (const { address, document } of policies) {
      for (const statement of document.Statement.filter((s) => s.Effect === 'Allow')) {
        for (const action of listOf(statement.Action)) {
          expect(action === '*' || action.endsWith(':*'), `${address} allows ${action}`).toBe(false);
        }
        // A KMS key policy can only name its key as "*".
        const logsOnly = listOf(statement.Action).every((a) => a.startsWith('logs:'));
        if (!address.startsWith('aws_kms_key.') && !logsOnly) {
          expect(listOf(statement.Resource), `${address} ${statement.Sid ?? ''}`).not.toContain('*');
        }
      }
    }
  });

  it('writes the outputs the README and the local kit rely on, each described', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      ['alarm_topic_arn', 'api_key_id', 'api_key_value', 'dlq_url', 'outputs_bucket_name', 'process_function_name', 'queue_url', 'trigger_via', 'upload_function_name', 'upload_url', 'uploads_bucket_name'].sort(),
    );
    for (const output of Object.values(json.output ?? {})) expect(output.description).toMatch(/\w/);
    const stage = Object.keys(resourcesOf(json, 'aws_api_gateway_stage'))[0];
    expect(json.output?.upload_url?.value).toBe(`\${aws_api_gateway_stage.${stage}.invoke_url}/uploads`);
    expect(json.output?.uploads_bucket_name?.value).toBe(`\${aws_s3_bucket.${uploadsId}.bucket}`);
    expect(json.output?.api_key_value?.sensitive).toBe(true);
  });

  it('with iam auth, has no API key output', () => {
    const iam = synthStack(resolve({ upload: { auth: 'iam' } }));
    expect(iam.output?.api_key_id).toBeUndefined();
    expect(onlyResource(iam, 'aws_api_gateway_method').authorization).toBe('AWS_IAM');
  });

  it('subscribes the configured alarm address', () => {
    const mailed = synthStack(resolve({ alarmEmail: 'ops@example.com' }));
    expect(onlyResource(mailed, 'aws_sns_topic_subscription').endpoint).toBe('ops@example.com');
  });

  it('refuses stage names that would break resource names', () => {
    expect(() => synthStack(config, { stage: 'Dev_1' })).toThrow(/Stage "Dev_1"/);
  });
});

describe('PipelineStack with outputs in the uploads bucket', () => {
  it('synthesizes one bucket when outputs live outside the trigger prefix', () => {
    const json = synthStack(resolve({ output: { sameBucketAsUploads: true, prefix: 'thumbnails/' } }));
    const [uploadsId] = named(json, 'aws_s3_bucket', () => true);
    const [, processFn] = named(json, 'aws_lambda_function', (f) => f.tags?.[pipelineFunctionTag] === 'process');
    expect(processFn.environment.variables.OUTPUT_BUCKET).toBe(`\${aws_s3_bucket.${uploadsId}.bucket}`);
    expect(json.output?.outputs_bucket_name?.value).toBe(json.output?.uploads_bucket_name?.value);
  });

  it('fails at configuration when outputs could trigger processing again', () => {
    expect(() => resolve({ output: { sameBucketAsUploads: true, prefix: 'images/out/' } })).toThrow(/every output would trigger processing again/);
  });
});

describe('PipelineStack (local, LocalStack)', () => {
  const json = synthStack(resolve(), { stage: 'local', target: 'localstack' });
  const provider = json.provider?.aws?.[0] as Block;

  it('configures the provider like tflocal: test credentials, no AWS checks, path-style S3', () => {
    expect(provider).toMatchObject({
      access_key: 'test',
      secret_key: 'test',
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      skip_requesting_account_id: true,
      skip_region_validation: true,
    });
  });

  it('sends every service the stack uses to the localstack_endpoint variable, http://localhost:4566 by default', () => {
    const endpoints = provider.endpoints[0] as Record<string, string>;
    expect((json as { variable?: Record<string, Block> }).variable?.localstack_endpoint).toMatchObject({ type: 'string', default: 'http://localhost:4566' });
    for (const service of localstackServices) expect(endpoints[service]).toBe('${var.localstack_endpoint}');
    const serviceOf = (type: string): string => {
      if (type.startsWith('aws_api_gateway_')) return 'apigateway';
      if (type === 'aws_cloudwatch_log_group') return 'logs';
      if (type === 'aws_cloudwatch_metric_alarm') return 'cloudwatch';
      if (type === 'aws_caller_identity') return 'sts';
      const service = /^aws_(iam|kms|lambda|s3|sns|sqs)_/.exec(type)?.[1];
      if (service === undefined) throw new Error(`no service known for ${type}; add its endpoint to stacks/providers.ts`);
      return service;
    };
    const types = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
    for (const type of types) expect(endpoints[serviceOf(type)], type).toBe('${var.localstack_endpoint}');
  });

  it('hands the same endpoint to both functions, with path-style S3', () => {
    const functions = Object.values(resourcesOf(json, 'aws_lambda_function'));
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.environment.variables).toMatchObject({ AWS_ENDPOINT_URL: '${var.localstack_endpoint}', AWS_S3_FORCE_PATH_STYLE: 'true' });
    }
  });

  it('gives the upload API key an explicit value of 20+ characters (emulators refuse the empty one the provider sends)', () => {
    const key = onlyResource(json, 'aws_api_gateway_api_key');
    expect(key.value).toBe(localstackApiKeyValue);
    expect(localstackApiKeyValue.length).toBeGreaterThanOrEqual(20);
  });

  it('accepts the AWS provider 5.x and 6.x, so a mirrored 5.100 applies it', () => {
    expect(json.terraform?.required_providers?.aws?.version).toBe('>= 5.0, < 7.0');
  });

  it("uses LocalStack's fixed account in bucket names and policies, without asking STS", () => {
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => b.bucket).sort()).toEqual([
      'imgpipe-local-outputs-000000000000',
      'imgpipe-local-uploads-000000000000',
    ]);
    expect(json.data?.aws_caller_identity).toBeUndefined();
    expect(statementWithSid(onlyResource(json, 'aws_sqs_queue_policy').policy, 'AllowS3Notifications').Condition?.StringEquals).toEqual({
      'aws:SourceAccount': ['000000000000'],
    });
  });
});
