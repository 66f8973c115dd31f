import { describe, expect, it } from 'vitest';
import { PipelineAlarms, type PipelineAlarmsProps } from '../../modules/pipeline-alarms/index.js';
import { onlyResource, resourcesOf, statementWithSid, synthScope, type TerraformJson } from './terraform-json.js';

function synthAlarms(overrides: Partial<PipelineAlarmsProps> = {}): TerraformJson {
  return synthScope(
    (scope) =>
      new PipelineAlarms(scope, 'alarms', {
        namePrefix: 'p-dev',
        dlqName: 'p-dev-process-dlq',
        functionNames: { process: 'p-dev-process', upload: 'p-dev-upload' },
        accountId: '123456789012',
        ...overrides,
      }),
  );
}

describe('PipelineAlarms', () => {
  const json = synthAlarms();
  const alarms = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
  const topicArn = `\${aws_sns_topic.${Object.keys(resourcesOf(json, 'aws_sns_topic'))[0]}.arn}`;

  it('raises an alarm as soon as one message is visible in the DLQ', () => {
    expect(alarms).toContainEqual(
      expect.objectContaining({
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: 'p-dev-process-dlq' },
        comparison_operator: 'GreaterThanThreshold',
        threshold: 0,
        alarm_actions: [topicArn],
      }),
    );
  });

  it('raises an alarm on any error of each function', () => {
    for (const functionName of ['p-dev-process', 'p-dev-upload']) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          namespace: 'AWS/Lambda',
          metric_name: 'Errors',
          dimensions: { FunctionName: functionName },
          statistic: 'Sum',
          comparison_operator: 'GreaterThanThreshold',
          threshold: 0,
          alarm_actions: [topicArn],
        }),
      );
    }
    expect(alarms).toHaveLength(3);
  });

  it('encrypts the topic with a rotated key CloudWatch alarms may use', () => {
    const key = onlyResource(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(onlyResource(json, 'aws_sns_topic')).toMatchObject({
      name: 'p-dev-alarms',
      kms_master_key_id: `\${aws_kms_key.${Object.keys(resourcesOf(json, 'aws_kms_key'))[0]}.arn}`,
    });
    expect(statementWithSid(key.policy, 'CloudWatchAlarmsPublish')).toMatchObject({
      Principal: { Service: ['cloudwatch.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } },
    });
    expect(statementWithSid(key.policy, 'AccountAdministersAndUsesKey').Principal).toEqual({ AWS: ['arn:aws:iam::123456789012:root'] });
  });

  it('subscribes an e-mail address only when one is configured', () => {
    expect(resourcesOf(json, 'aws_sns_topic_subscription')).toEqual({});
    const withEmail = synthAlarms({ alarmEmail: 'ops@example.com' });
    expect(onlyResource(withEmail, 'aws_sns_topic_subscription')).toMatchObject({
      protocol: 'email',
      endpoint: 'ops@example.com',
      topic_arn: topicArn,
    });
  });
});

describe('PipelineAlarms with more metrics', () => {
  it('raises an alarm above zero for each metric given, on the topic, with its dimensions', () => {
    const json = synthAlarms({
      aboveZeroMetrics: [
        { label: 'process-async-events-dropped', description: 'dropped', namespace: 'AWS/Lambda', metricName: 'AsyncEventsDropped', dimensions: { FunctionName: 'p-dev-process' } },
        { label: 'rule-failed', description: 'failed', namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: { RuleName: 'r' }, statistic: 'Maximum' },
      ],
    });
    const alarms = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(5);
    const dropped = alarms.find((a) => a.alarm_name === 'p-dev-process-async-events-dropped');
    expect(dropped).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'AsyncEventsDropped', dimensions: { FunctionName: 'p-dev-process' }, statistic: 'Sum', threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    expect(dropped?.alarm_actions).toEqual(alarms[0]?.alarm_actions);
    expect(alarms.find((a) => a.alarm_name === 'p-dev-rule-failed')).toMatchObject({ statistic: 'Maximum', dimensions: { RuleName: 'r' } });
  });
});
