import { describe, expect, it } from 'vitest';
import { pipelineFunctionTag } from '../../modules/lambda-function/index.js';
import { listOf, onlyResource, resourcesOf, statementWithSid, type Block } from '../modules/terraform-json.js';
import { ref, synthPipeline, theOne } from './synth-pipeline.js';

describe('PipelineStack with trigger.via "eventbridge"', () => {
  const json = synthPipeline({ trigger: { via: 'eventbridge', retryAttempts: 9, maxEventAgeSeconds: 3600, taskRetries: 5 }, processFunction: { timeoutSeconds: 30 } });
  const [uploadsId] = theOne(json, 'aws_s3_bucket', (b) => String(b.bucket).includes('-uploads-'));
  const [dlqId] = theOne(json, 'aws_sqs_queue', () => true);
  const [processId, processFn] = theOne(json, 'aws_lambda_function', (f) => f.tags?.[pipelineFunctionTag] === 'process');
  const [machineId, machine] = theOne(json, 'aws_sfn_state_machine', () => true);
  const [uploadsRuleId, uploadsRule] = theOne(json, 'aws_cloudwatch_event_rule', (r) => r.name === 'imgpipe-dev-uploads');
  const [failedRuleId, failedRule] = theOne(json, 'aws_cloudwatch_event_rule', (r) => r.name === 'imgpipe-dev-failed-executions');
  const targetOf = (ruleId: string) => theOne(json, 'aws_cloudwatch_event_target', (t) => t.rule === ref('aws_cloudwatch_event_rule', ruleId, 'name'))[1];
  const machineArn = ref('aws_sfn_state_machine', machineId, 'arn');

  it('sends the uploads bucket events to EventBridge, and configures nothing else on it', () => {
    expect(onlyResource(json, 'aws_s3_bucket_notification')).toEqual({ bucket: ref('aws_s3_bucket', uploadsId, 'id'), eventbridge: true });
    expect(json.resource?.aws_lambda_event_source_mapping).toBeUndefined();
    expect(Object.values(resourcesOf(json, 'aws_lambda_permission')).map((p) => p.principal)).toEqual(['apigateway.amazonaws.com']);
  });

  it("matches Object Created events of the uploads bucket by the trigger's prefix and suffixes", () => {
    const pattern = JSON.parse(uploadsRule.event_pattern);
    expect(pattern.source).toEqual(['aws.s3']);
    expect(pattern['detail-type']).toEqual(['Object Created']);
    expect(pattern.detail.bucket.name).toEqual([ref('aws_s3_bucket', uploadsId, 'bucket')]);
    expect(pattern.detail.object.key).toContainEqual({ wildcard: 'images/*.jpg' });
    expect(pattern.detail.object.key).toContainEqual({ wildcard: 'images/*.JPG' });
    expect(pattern.detail.object.key).toHaveLength(16);
  });

  it('starts the state machine with the object as input, retrying as configured, then the DLQ', () => {
    const target = targetOf(uploadsRuleId);
    expect(target).toMatchObject({
      arn: machineArn,
      retry_policy: { maximum_retry_attempts: 9, maximum_event_age_in_seconds: 3600 },
      dead_letter_config: { arn: ref('aws_sqs_queue', dlqId, 'arn') },
    });
    expect(Object.keys(target.input_transformer.input_paths).sort()).toEqual(['bucket', 'etag', 'key', 'size', 'versionId']);
    const [roleId] = theOne(json, 'aws_iam_role', (r) => r.name === 'imgpipe-dev-uploads-target-role');
    expect(target.role_arn).toBe(ref('aws_iam_role', roleId, 'arn'));
  });

  it('runs a Standard state machine invoking the process function, with the derived task timeout and the task retries', () => {
    expect(machine).toMatchObject({ name: 'imgpipe-dev-process', type: 'STANDARD' });
    const definition = JSON.parse(machine.definition);
    const task = definition.States[definition.StartAt];
    expect(task.Parameters.FunctionName).toBe(ref('aws_lambda_function', processId, 'arn'));
    expect(task.TimeoutSeconds).toBe(40);
    expect(task.Retry[0]).toMatchObject({ MaxAttempts: 5 });
    expect(task.Retry[0].ErrorEquals).toContain('ObjectsFailedError');
    expect(definition.States[task.Next]).toMatchObject({ Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true }] });
    const [logGroupId, logGroup] = theOne(json, 'aws_cloudwatch_log_group', (g) => String(g.name).startsWith('/aws/vendedlogs/states/'));
    expect(logGroup).toEqual({ name: '/aws/vendedlogs/states/imgpipe-dev-process', retention_in_days: 30 });
    expect(machine.logging_configuration).toEqual({ log_destination: `${ref('aws_cloudwatch_log_group', logGroupId, 'arn')}:*`, include_execution_data: true, level: 'ALL' });
  });

  it('sends failed, timed-out and aborted executions to the DLQ, which only the two rules may write to', () => {
    expect(JSON.parse(failedRule.event_pattern).detail).toEqual({ status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [machineArn] });
    expect(targetOf(failedRuleId).arn).toBe(ref('aws_sqs_queue', dlqId, 'arn'));
    const policy = onlyResource(json, 'aws_sqs_queue_policy');
    expect(policy.queue_url).toBe(ref('aws_sqs_queue', dlqId, 'url'));
    expect(JSON.parse(policy.policy).Statement).toHaveLength(1);
    expect(statementWithSid(policy.policy, 'AllowEventRules')).toMatchObject({
      Principal: { Service: ['events.amazonaws.com'] },
      Action: ['sqs:SendMessage'],
      Resource: [ref('aws_sqs_queue', dlqId, 'arn')],
      Condition: { ArnEquals: { 'aws:SourceArn': [ref('aws_cloudwatch_event_rule', uploadsRuleId, 'arn'), ref('aws_cloudwatch_event_rule', failedRuleId, 'arn')] } },
    });
  });

  it('reserves concurrency, and gives the process function no DLQ variable and no SQS permission', () => {
    expect(processFn.reserved_concurrent_executions).toBe(10);
    expect(processFn.environment.variables.DEAD_LETTER_QUEUE_URL).toBeUndefined();
    const policy = theOne(json, 'aws_iam_role_policy', (p) => String(p.name).endsWith('-process-policy'))[1];
    const actions = (JSON.parse(policy.policy).Statement as Block[]).flatMap((s) => listOf(s.Action));
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([]);
  });

  it('alarms on the DLQ, failed and timed-out executions, and failed invocations of each rule', () => {
    const alarms = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      expect(alarms).toContainEqual(expect.objectContaining({ namespace: 'AWS/States', metric_name: metric, dimensions: { StateMachineArn: machineArn }, threshold: 0 }));
    }
    for (const ruleId of [uploadsRuleId, failedRuleId]) {
      expect(alarms).toContainEqual(expect.objectContaining({ namespace: 'AWS/Events', metric_name: 'FailedInvocations', dimensions: { RuleName: ref('aws_cloudwatch_event_rule', ruleId, 'name') } }));
    }
    expect(alarms).toContainEqual(expect.objectContaining({ metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: ref('aws_sqs_queue', dlqId, 'name') } }));
  });

  it('adds POST /executions to the upload API, starting this state machine for keys of the uploads bucket', () => {
    const [, integration] = theOne(json, 'aws_api_gateway_integration', (i) => i.type === 'AWS');
    expect(integration.uri).toBe('arn:aws:apigateway:eu-west-1:states:action/StartExecution');
    const template = integration.request_templates['application/json'] as string;
    expect(template).toContain(`"stateMachineArn": "${machineArn}"`);
    expect(template).toContain(ref('aws_s3_bucket', uploadsId, 'bucket'));
    const [, role] = theOne(json, 'aws_iam_role_policy', (p) => p.name === 'imgpipe-dev-start-execution');
    expect(statementWithSid(role.policy, 'StartExecution').Resource).toEqual([machineArn]);
    expect(Object.keys(resourcesOf(json, 'aws_api_gateway_rest_api'))).toHaveLength(1);
    const methods = Object.values(resourcesOf(json, 'aws_api_gateway_method'));
    expect(methods.map((m) => [m.api_key_required, m.authorization])).toEqual([[true, 'NONE'], [true, 'NONE']]);
  });

  it('outputs the state machine, the rule and the executions URL, and no queue_url', () => {
    const stage = Object.keys(resourcesOf(json, 'aws_api_gateway_stage'))[0]!;
    expect(json.output?.state_machine_arn?.value).toBe(machineArn);
    expect(json.output?.event_rule_name?.value).toBe(ref('aws_cloudwatch_event_rule', uploadsRuleId, 'name'));
    expect(json.output?.executions_url?.value).toBe(`${ref('aws_api_gateway_stage', stage, 'invoke_url')}/executions`);
    expect(json.output?.trigger_via?.value).toBe('eventbridge');
    expect(json.output?.queue_url).toBeUndefined();
    for (const output of Object.values(json.output ?? {})) expect(output.description).toMatch(/\w/);
  });

  it('without the executions API, has one route and no executions_url', () => {
    const noApi = synthPipeline({ trigger: { via: 'eventbridge', executionsApi: false } });
    expect(Object.values(resourcesOf(noApi, 'aws_api_gateway_resource')).map((r) => r.path_part)).toEqual(['uploads']);
    expect(noApi.output?.executions_url).toBeUndefined();
    expect(noApi.output?.state_machine_arn).toBeDefined();
  });

  it('uses the default retry policy and task retries of the configuration', () => {
    const defaults = synthPipeline({ trigger: { via: 'eventbridge' } });
    const target = Object.values(resourcesOf(defaults, 'aws_cloudwatch_event_target')).find((t) => t.retry_policy !== undefined);
    expect(target?.retry_policy).toEqual({ maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 });
    const definition = JSON.parse(onlyResource(defaults, 'aws_sfn_state_machine').definition);
    expect(definition.States[definition.StartAt]).toMatchObject({ TimeoutSeconds: 70, Retry: [{ MaxAttempts: 3 }] });
  });

  it('on LocalStack, points EventBridge and Step Functions at it too', () => {
    const local = synthPipeline({ trigger: { via: 'eventbridge' } }, { stage: 'local', target: 'localstack' });
    const endpoints = (local.provider?.aws?.[0] as Block).endpoints[0] as Record<string, string>;
    expect(endpoints.events).toBe('${var.localstack_endpoint}');
    expect(endpoints.sfn).toBe('${var.localstack_endpoint}');
  });
});
