import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document.js';
import { accountAdministersKey } from '../pipeline-key/index.js';

export interface PipelineAlarmsProps {
  /** Prefix of the topic and alarm names, e.g. `imgpipe-dev`. */
  readonly namePrefix: string;
  /** The dead-letter queue whose visible messages raise an alarm. */
  readonly dlqName: string;
  /** Functions whose `Errors` metric raises an alarm, by a short label (`process`, `upload`). */
  readonly functionNames: Readonly<Record<string, string>>;
  /** More metrics that raise an alarm on any value above zero, e.g. dropped async events or failed executions. @default [] */
  readonly aboveZeroMetrics?: readonly AboveZeroMetric[];
  /** Subscribe this address to the topic (AWS sends a confirmation mail). @default no subscription */
  readonly alarmEmail?: string;
  /** Account that owns the key. @default the caller's account (aws_caller_identity) */
  readonly accountId?: string;
  /** Seconds per evaluation period. @default 300 */
  readonly periodSeconds?: number;
  /** How long a deleted topic key waits before it is destroyed. @default 7 */
  readonly keyDeletionWindowDays?: number;
}

/** A CloudWatch metric that should stay at zero. */
export interface AboveZeroMetric {
  /** Ends the alarm name (`<namePrefix>-<label>`) and its construct id; unique per alarm. */
  readonly label: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** @default 'Sum' */
  readonly statistic?: string;
}

const defaultProps: Required<Pick<PipelineAlarmsProps, 'periodSeconds' | 'keyDeletionWindowDays' | 'aboveZeroMetrics'>> = {
  periodSeconds: 300,
  keyDeletionWindowDays: 7,
  aboveZeroMetrics: [],
};

/**
 * An encrypted SNS topic and the alarms that publish to it: any message in the dead-letter queue,
 * any function error, and any value above zero of the extra metrics given. The topic uses its own KMS key because CloudWatch alarms cannot publish to
 * a topic encrypted with the AWS-managed `alias/aws/sns` key (its key policy cannot grant them).
 */
export class PipelineAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    const accountId = settings.accountId ?? new DataAwsCallerIdentity(this, 'caller').accountId;

    const key = new KmsKey(this, 'topic-key', {
      description: `Encrypts the ${settings.namePrefix} alarm topic`,
      enableKeyRotation: true,
      deletionWindowInDays: settings.keyDeletionWindowDays,
      // Key policies name the key itself as "*".
      policy: policyDocument([
        accountAdministersKey(accountId),
        {
          sid: 'CloudWatchAlarmsPublish',
          principals: { service: ['cloudwatch.amazonaws.com'] },
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': [accountId] } },
        },
      ]),
    });

    this.topic = new SnsTopic(this, 'topic', { name: `${settings.namePrefix}-alarms`, kmsMasterKeyId: key.arn });
    this.topicArn = this.topic.arn;
    if (settings.alarmEmail !== undefined) {
      new SnsTopicSubscription(this, 'email', { topicArn: this.topic.arn, protocol: 'email', endpoint: settings.alarmEmail });
    }

    // Every alarm fires on any value above zero in one period and notifies the topic both ways.
    const aboveZero = { evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching', period: settings.periodSeconds, alarmActions: [this.topic.arn], okActions: [this.topic.arn] };
    this.alarms.push(
      new CloudwatchMetricAlarm(this, 'dlq-messages', {
        ...aboveZero,
        alarmName: `${settings.namePrefix}-dlq-not-empty`,
        alarmDescription: 'Messages reached the dead-letter queue: uploads that could not be processed.',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: settings.dlqName },
        statistic: 'Maximum',
      }),
    );
    for (const [label, functionName] of Object.entries(settings.functionNames)) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, `${label}-errors`, {
          ...aboveZero,
          alarmName: `${settings.namePrefix}-${label}-errors`,
          alarmDescription: `The ${label} function failed (an invocation error, not a reported batch item failure).`,
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensions: { FunctionName: functionName },
          statistic: 'Sum',
        }),
      );
    }
    for (const metric of settings.aboveZeroMetrics) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, metric.label, {
          ...aboveZero,
          alarmName: `${settings.namePrefix}-${metric.label}`,
          alarmDescription: metric.description,
          namespace: metric.namespace,
          metricName: metric.metricName,
          dimensions: { ...metric.dimensions },
          statistic: metric.statistic ?? 'Sum',
        }),
      );
    }
  }
}
