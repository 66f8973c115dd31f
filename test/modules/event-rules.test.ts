import { describe, expect, it } from 'vitest';
import { FailedExecutionsRule, ObjectCreatedRule, objectCreatedPattern, wildcardLiteral } from '../../modules/event-rules/index.js';
import { resourcesOf, synthScope, type Block, type TerraformJson } from './terraform-json.js';

const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:p-dev-process';
const dlqArn = 'arn:aws:sqs:eu-west-1:123456789012:p-dev-process-dlq';

function synthRules(prefix = 'images/', suffixes = ['.jpg', '.JPG']): TerraformJson {
  return synthScope((scope) => {
    new ObjectCreatedRule(scope, 'uploads', {
      ruleName: 'p-dev-uploads',
      bucketName: 'uploads-bucket',
      prefix,
      suffixes,
      stateMachineArn,
      deadLetterQueueArn: dlqArn,
      maximumRetryAttempts: 7,
      maximumEventAgeSeconds: 600,
    });
    new FailedExecutionsRule(scope, 'failed', { ruleName: 'p-dev-failed-executions', stateMachineArn, queueArn: dlqArn });
  });
}

const ruleNamed = (json: TerraformJson, name: string): [string, Block] => {
  const found = Object.entries(resourcesOf(json, 'aws_cloudwatch_event_rule')).find(([, rule]) => rule.name === name);
  expect(found, name).toBeDefined();
  return found!;
};
const targetOf = (json: TerraformJson, ruleId: string): Block => {
  const targets = Object.values(resourcesOf(json, 'aws_cloudwatch_event_target')).filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${ruleId}.name}`);
  expect(targets).toHaveLength(1);
  return targets[0]!;
};

describe('ObjectCreatedRule', () => {
  const json = synthRules();
  const [ruleId, rule] = ruleNamed(json, 'p-dev-uploads');
  const target = targetOf(json, ruleId);

  it("matches S3's Object Created events of the bucket, one key wildcard per suffix under the prefix", () => {
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['uploads-bucket'] }, object: { key: [{ wildcard: 'images/*.jpg' }, { wildcard: 'images/*.JPG' }] } },
    });
  });

  it("escapes '*' and '\\' of the prefix, EventBridge's wildcard metacharacters", () => {
    expect(wildcardLiteral('a*b\\c/')).toBe('a\\*b\\\\c/');
    const pattern = JSON.parse(objectCreatedPattern({ bucketName: 'b', prefix: 'raw*/', suffixes: ['.png'] }));
    expect(pattern.detail.object.key).toEqual([{ wildcard: 'raw\\*/*.png' }]);
    const anyPrefix = JSON.parse(objectCreatedPattern({ bucketName: 'b', prefix: '', suffixes: ['.png'] }));
    expect(anyPrefix.detail.object.key).toEqual([{ wildcard: '*.png' }]);
  });

  it('starts an execution of the state machine with {bucket, key, size, etag, versionId} from the event', () => {
    expect(target.arn).toBe(stateMachineArn);
    expect(target.input_transformer.input_paths).toEqual({
      bucket: '$.detail.bucket.name',
      key: '$.detail.object.key',
      size: '$.detail.object.size',
      etag: '$.detail.object.etag',
      versionId: '$.detail.object.version-id',
    });
    // Placeholders unquoted: EventBridge inserts each value as JSON. Filled in, the template is the input.
    const template = target.input_transformer.input_template as string;
    const filled = template.replace(/<(\w+)>/g, (_, name: string) => JSON.stringify({ bucket: 'b', key: 'images/a "b".jpg', size: 12, etag: 'e', versionId: null }[name]));
    expect(JSON.parse(filled)).toEqual({ bucket: 'b', key: 'images/a "b".jpg', size: 12, etag: 'e', versionId: null });
  });

  it('retries delivery as configured, then sends the event to the dead-letter queue', () => {
    expect(target.retry_policy).toEqual({ maximum_retry_attempts: 7, maximum_event_age_in_seconds: 600 });
    expect(target.dead_letter_config).toEqual({ arn: dlqArn });
  });

  it('uses a role EventBridge may assume for this rule only, allowed to start this state machine only', () => {
    const [roleId, role] = Object.entries(resourcesOf(json, 'aws_iam_role'))[0]!;
    expect(target.role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com'] },
        Action: ['sts:AssumeRole'],
        Condition: { ArnEquals: { 'aws:SourceArn': [`\${aws_cloudwatch_event_rule.${ruleId}.arn}`] } },
      },
    ]);
    const policy = Object.values(resourcesOf(json, 'aws_iam_role_policy'))[0]!;
    expect(JSON.parse(policy.policy).Statement).toEqual([{ Sid: 'StartExecution', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [stateMachineArn] }]);
    expect(target.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  it('refuses an empty suffix list', () => {
    expect(() => synthRules('images/', [])).toThrow(/at least one suffix/);
  });
});

describe('FailedExecutionsRule', () => {
  const json = synthRules();
  const [ruleId, rule] = ruleNamed(json, 'p-dev-failed-executions');

  it("matches the state machine's failed, timed-out and aborted executions", () => {
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [stateMachineArn] },
    });
  });

  it('sends the whole event to the queue, untransformed', () => {
    const target = targetOf(json, ruleId);
    expect(target.arn).toBe(dlqArn);
    expect(target.input_transformer).toBeUndefined();
    expect(target.input).toBeUndefined();
    expect(target.role_arn).toBeUndefined();
  });
});
