import { describe, expect, it } from 'vitest';
import { listOf, resourcesOf, statementWithSid, theOne, type Block, type TerraformJson } from '../modules/terraform-json.js';
import { ref, synthPipeline } from './synth-pipeline.js';

/**
 * The options of issue 13 on the synthesized stack, each off (the default) and on. Three stacks,
 * synthesized once each: the defaults, everything on with the queue trigger, and everything on with
 * eventbridge (the state machine and EventBridge's use of the key).
 */
const webAcl = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/uploads/0b1c2d3e';
const allOn = {
  tracing: true,
  kms: true,
  buckets: { accessLogs: true },
  upload: { logging: true, accountLoggingRole: true, wafWebAclArn: webAcl },
  uploadFunction: { reservedConcurrency: 7 },
  stateBackend: { bucket: 'team-terraform-state', key: 'imgpipe/{stack}.tfstate', region: 'eu-central-1' },
} as const;

const off = synthPipeline();
const on = synthPipeline(allOn);
const onEventBridge = synthPipeline({ ...allOn, trigger: { via: 'eventbridge' } });

const functions = (json: TerraformJson): Block[] => Object.values(resourcesOf(json, 'aws_lambda_function'));
const functionNamed = (json: TerraformJson, suffix: string): Block => theOne(json, 'aws_lambda_function', (f) => String(f.function_name).endsWith(suffix))[1];
const bucketNamed = (json: TerraformJson, part: string): [string, Block] => theOne(json, 'aws_s3_bucket', (b) => String(b.bucket).includes(part));
const pipelineKeyOf = (json: TerraformJson): [string, Block] => theOne(json, 'aws_kms_key', (k) => String(k.description).includes('buckets'));
const onlyOf = (json: TerraformJson, type: string): Block => {
  const all = Object.values(resourcesOf(json, type));
  expect(all, type).toHaveLength(1);
  return all[0] as Block;
};

describe('tracing', () => {
  it('is off by default: no tracing config, no X-Ray grant, the stage untraced', () => {
    for (const f of functions(off)) expect(f.tracing_config).toBeUndefined();
    for (const policy of Object.values(resourcesOf(off, 'aws_iam_role_policy'))) expect(String(policy.policy)).not.toContain('xray:');
    expect(onlyOf(off, 'aws_api_gateway_stage').xray_tracing_enabled).toBe(false);
  });

  it('traces both functions (with the grant X-Ray needs), the API stage and the state machine', () => {
    for (const f of functions(on)) expect(f.tracing_config).toEqual({ mode: 'Active' });
    const processPolicy = theOne(on, 'aws_iam_role_policy', (p) => String(p.name).endsWith('-process-policy'))[1];
    expect(statementWithSid(processPolicy.policy, 'WriteTraces').Action).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    expect(onlyOf(on, 'aws_api_gateway_stage').xray_tracing_enabled).toBe(true);
    expect(onlyOf(onEventBridge, 'aws_sfn_state_machine').tracing_configuration).toEqual({ enabled: true });
  });
});

describe('kms', () => {
  it('is off by default: the alarm topic key only, SSE-S3 buckets, SQS-managed queues, no key on logs or environments', () => {
    expect(Object.values(resourcesOf(off, 'aws_kms_key'))).toHaveLength(1);
    for (const sse of Object.values(resourcesOf(off, 'aws_s3_bucket_server_side_encryption_configuration'))) {
      expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    }
    for (const queue of Object.values(resourcesOf(off, 'aws_sqs_queue'))) expect(queue).toMatchObject({ sqs_managed_sse_enabled: true });
    for (const group of Object.values(resourcesOf(off, 'aws_cloudwatch_log_group'))) expect(group.kms_key_id).toBeUndefined();
    for (const f of functions(off)) expect(f.kms_key_arn).toBeUndefined();
  });

  it('encrypts the buckets, both queues, the log groups and the environments with one rotated key', () => {
    const [keyName, key] = pipelineKeyOf(on);
    const keyArn = ref('aws_kms_key', keyName, 'arn');
    expect(key.enable_key_rotation).toBe(true);
    for (const part of ['-uploads-', '-outputs-']) {
      const [bucketName] = bucketNamed(on, part);
      const [, sse] = theOne(on, 'aws_s3_bucket_server_side_encryption_configuration', (s) => s.bucket === ref('aws_s3_bucket', bucketName, 'id'));
      expect(sse.rule[0]).toMatchObject({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn }, bucket_key_enabled: true });
    }
    const queues = Object.values(resourcesOf(on, 'aws_sqs_queue'));
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      expect(queue.kms_master_key_id).toBe(keyArn);
      expect(queue.sqs_managed_sse_enabled).toBeUndefined();
    }
    for (const group of Object.values(resourcesOf(on, 'aws_cloudwatch_log_group'))) expect(group.kms_key_id).toBe(keyArn);
    for (const f of functions(on)) expect(f.kms_key_arn).toBe(keyArn);
  });

  it('names in the key policy only the two function roles, S3 (queue) or EventBridge (its DLQ), and CloudWatch Logs for the pipeline log groups', () => {
    const policy = pipelineKeyOf(on)[1].policy as string;
    const roles = statementWithSid(policy, 'PipelineRolesUseKey');
    expect(roles.Principal).toEqual({ AWS: [expect.stringMatching(/process_role/), expect.stringMatching(/upload_role/)] });
    expect(roles.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(statementWithSid(policy, 'ServicesDeliverToEncryptedQueues').Principal).toEqual({ Service: ['s3.amazonaws.com'] });
    expect(statementWithSid(pipelineKeyOf(onEventBridge)[1].policy, 'ServicesDeliverToEncryptedQueues').Principal).toEqual({ Service: ['events.amazonaws.com'] });
    const logs = statementWithSid(policy, 'CloudWatchLogsEncryptsLogGroups');
    expect(logs.Principal).toEqual({ Service: ['logs.eu-west-1.amazonaws.com'] });
    for (const arn of listOf(logs.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn'])) expect(arn).toMatch(/:log-group:\/aws\/[a-z/]+\/imgpipe-dev-\*$/);
    const processPolicy = theOne(on, 'aws_iam_role_policy', (p) => String(p.name).endsWith('-process-policy'))[1];
    expect(statementWithSid(processPolicy.policy, 'UseKey').Resource).toEqual([ref('aws_kms_key', pipelineKeyOf(on)[0], 'arn')]);
  });
});

describe('S3 server access logs', () => {
  it('are off by default: two buckets, no logging', () => {
    expect(Object.values(resourcesOf(off, 'aws_s3_bucket'))).toHaveLength(2);
    expect(resourcesOf(off, 'aws_s3_bucket_logging')).toEqual({});
  });

  it('log both buckets into an SSE-S3 access-log bucket only S3 log delivery of this account may write', () => {
    const [logBucketName, logBucket] = bucketNamed(on, '-access-logs-');
    const logging = Object.values(resourcesOf(on, 'aws_s3_bucket_logging'));
    expect(logging.map((l) => l.target_prefix).sort()).toEqual(['outputs/', 'uploads/']);
    for (const l of logging) expect(l.target_bucket).toBe(ref('aws_s3_bucket', logBucketName, 'bucket'));
    const [, sse] = theOne(on, 'aws_s3_bucket_server_side_encryption_configuration', (s) => s.bucket === ref('aws_s3_bucket', logBucketName, 'id'));
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    const [, bucketPolicy] = theOne(on, 'aws_s3_bucket_policy', (p) => p.bucket === ref('aws_s3_bucket', logBucketName, 'id'));
    const delivery = statementWithSid(bucketPolicy.policy, 'S3ServerAccessLogs');
    expect(delivery).toMatchObject({ Principal: { Service: ['logging.s3.amazonaws.com'] }, Action: ['s3:PutObject'] });
    expect(delivery.Condition?.StringEquals?.['aws:SourceAccount']).toBeDefined();
    expect(String(logBucket.bucket)).toContain('imgpipe-dev-access-logs-');
  });
});

describe('the upload API', () => {
  it('validates requests always: Content-Type is required before the function runs', () => {
    for (const json of [off, on]) {
      const [validatorName, validator] = theOne(json, 'aws_api_gateway_request_validator', () => true);
      expect(validator).toMatchObject({ validate_request_parameters: true, validate_request_body: false });
      const method = onlyOf(json, 'aws_api_gateway_method');
      expect(method.request_validator_id).toBe(ref('aws_api_gateway_request_validator', validatorName, 'id'));
      expect(method.request_parameters).toEqual({ 'method.request.header.Content-Type': true });
      expect(onlyOf(json, 'aws_api_gateway_rest_api').lifecycle).toEqual({ create_before_destroy: true });
      expect(onlyOf(json, 'aws_api_gateway_deployment').lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  it('logs nothing, owns no account setting and has no WAF by default', () => {
    expect(onlyOf(off, 'aws_api_gateway_stage').access_log_settings).toBeUndefined();
    expect(onlyOf(off, 'aws_api_gateway_method_settings').settings.logging_level).toBeUndefined();
    expect(resourcesOf(off, 'aws_api_gateway_account')).toEqual({});
    expect(resourcesOf(off, 'aws_wafv2_web_acl_association')).toEqual({});
  });

  it('with logging: INFO execution logs without request data, JSON access logs; the account role only when asked; the web ACL on the stage', () => {
    const stage = onlyOf(on, 'aws_api_gateway_stage');
    expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(onlyOf(on, 'aws_api_gateway_method_settings').settings).toMatchObject({ logging_level: 'INFO', data_trace_enabled: false });
    const [accountName, account] = theOne(on, 'aws_api_gateway_account', () => true);
    expect(account.cloudwatch_role_arn).toMatch(/aws_iam_role\.api-account-logging_role/);
    expect(stage.depends_on).toEqual([`aws_api_gateway_account.${accountName}`]);
    const waf = onlyOf(on, 'aws_wafv2_web_acl_association');
    expect(waf).toEqual({ resource_arn: ref('aws_api_gateway_stage', Object.keys(resourcesOf(on, 'aws_api_gateway_stage'))[0]!, 'arn'), web_acl_arn: webAcl });
  });
});

describe('reserved concurrency of the upload function', () => {
  it('is the stage burst by default, and what the configuration says otherwise', () => {
    expect(functionNamed(off, '-upload').reserved_concurrent_executions).toBe(40);
    expect(functionNamed(on, '-upload').reserved_concurrent_executions).toBe(7);
  });
});

describe('the Terraform state', () => {
  it('is local by default', () => {
    expect(off.terraform?.backend?.local).toBeDefined();
    expect(off.terraform?.backend?.s3).toBeUndefined();
  });

  it('is in S3 with stateBackend: the key names the stack, S3-native locking on', () => {
    expect(on.terraform?.backend).toEqual({
      s3: { bucket: 'team-terraform-state', key: 'imgpipe/test.tfstate', region: 'eu-central-1', encrypt: true, use_lockfile: true },
    });
  });

  it('stays local on an emulator target whatever the configuration says', () => {
    const local = synthPipeline({ stateBackend: allOn.stateBackend }, { target: 'localstack' });
    expect(local.terraform?.backend?.s3).toBeUndefined();
  });
});
