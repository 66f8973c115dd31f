import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { Construct } from 'constructs';
import { executionStatusPattern } from './event-pattern.js';

export interface FailedExecutionsRuleProps {
  readonly ruleName: string;
  readonly stateMachineArn: string;
  /** The SQS queue that receives each event whole (its policy must allow this rule). */
  readonly queueArn: string;
  /** @default ['FAILED', 'TIMED_OUT', 'ABORTED'] */
  readonly statuses?: readonly string[];
}

const defaultProps: Required<Pick<FailedExecutionsRuleProps, 'statuses'>> = { statuses: ['FAILED', 'TIMED_OUT', 'ABORTED'] };

/**
 * Sends every execution of a state machine that ends failed, timed out or aborted to a queue, the
 * whole Step Functions event (execution ARN, input, error, cause), so no failure ends only in a log.
 */
export class FailedExecutionsRule extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly ruleArn: string;
  readonly ruleName: string;

  constructor(scope: Construct, id: string, props: FailedExecutionsRuleProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: settings.ruleName,
      description: `Executions ending ${settings.statuses.join(', ')}: to the dead-letter queue`,
      eventPattern: executionStatusPattern(settings.stateMachineArn, settings.statuses),
    });
    this.target = new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      targetId: 'dead-letter-queue',
      arn: settings.queueArn,
    });
    this.ruleArn = this.rule.arn;
    this.ruleName = this.rule.name;
  }
}
