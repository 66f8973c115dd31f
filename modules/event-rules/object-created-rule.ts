import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document.js';
import { objectCreatedPattern } from './event-pattern.js';

export interface ObjectCreatedRuleProps {
  /** The rule's name, on the default bus. */
  readonly ruleName: string;
  /** The bucket whose `Object Created` events match (EventBridge notifications must be on for it). */
  readonly bucketName: string;
  readonly prefix: string;
  readonly suffixes: readonly string[];
  /** The Standard state machine each matching event starts an execution of. */
  readonly stateMachineArn: string;
  /** SQS queue for events the target could not take after its retries (its policy must allow this rule). */
  readonly deadLetterQueueArn: string;
  /** Retries when StartExecution fails (0-185). @default 185 */
  readonly maximumRetryAttempts?: number;
  /** Oldest event still delivered, in seconds (60-86400). @default 86400 */
  readonly maximumEventAgeSeconds?: number;
}

const defaultProps: Required<Pick<ObjectCreatedRuleProps, 'maximumRetryAttempts' | 'maximumEventAgeSeconds'>> = {
  maximumRetryAttempts: 185,
  maximumEventAgeSeconds: 86400,
};

/**
 * The execution input: the object's bucket, key, size, ETag and version. Placeholders stay
 * unquoted because EventBridge inserts each path's JSON value (a string keeps its quotes).
 */
export const objectInputPaths = {
  bucket: '$.detail.bucket.name',
  key: '$.detail.object.key',
  size: '$.detail.object.size',
  etag: '$.detail.object.etag',
  versionId: '$.detail.object.version-id',
} as const;
export const objectInputTemplate = '{"bucket": <bucket>, "key": <key>, "size": <size>, "etag": <etag>, "versionId": <versionId>}';

/**
 * An EventBridge rule matching S3 `Object Created` events of one bucket by key prefix and suffixes,
 * targeting a state machine through a role that may start executions of that state machine only,
 * with an input transformer, a retry policy and a dead-letter queue.
 */
export class ObjectCreatedRule extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly role: IamRole;
  readonly ruleArn: string;
  readonly ruleName: string;

  constructor(scope: Construct, id: string, props: ObjectCreatedRuleProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    if (settings.suffixes.length === 0) throw new Error(`${this.node.path}: give at least one suffix`);

    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: settings.ruleName,
      description: `S3 Object Created under ${settings.prefix || 'any prefix'} with an allowed suffix: starts an execution`,
      eventPattern: objectCreatedPattern(settings),
    });

    this.role = new IamRole(this, 'role', {
      name: `${settings.ruleName}-target-role`,
      assumeRolePolicy: policyDocument([
        {
          principals: { service: ['events.amazonaws.com'] },
          actions: ['sts:AssumeRole'],
          conditions: { ArnEquals: { 'aws:SourceArn': [this.rule.arn] } },
        },
      ]),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: `${settings.ruleName}-target-policy`,
      role: this.role.id,
      policy: policyDocument([{ sid: 'StartExecution', actions: ['states:StartExecution'], resources: [settings.stateMachineArn] }]),
    });

    this.target = new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      targetId: 'start-execution',
      arn: settings.stateMachineArn,
      roleArn: this.role.arn,
      inputTransformer: { inputPaths: { ...objectInputPaths }, inputTemplate: objectInputTemplate },
      retryPolicy: { maximumRetryAttempts: settings.maximumRetryAttempts, maximumEventAgeInSeconds: settings.maximumEventAgeSeconds },
      deadLetterConfig: { arn: settings.deadLetterQueueArn },
      dependsOn: [rolePolicy],
    });
    this.ruleArn = this.rule.arn;
    this.ruleName = this.rule.name;
  }
}
