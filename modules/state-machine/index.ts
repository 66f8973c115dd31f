import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine/index.js';
import { Construct } from 'constructs';
import { assertLeastPrivilege, policyDocument, type PolicyStatement } from '../iam/policy-document.js';
import { xrayWriteStatement } from '../lambda-function/index.js';
import { processObjectDefinition } from './definition.js';

export interface LambdaTaskStateMachineProps {
  /** The state machine's name; also names its role (`<name>-states-role`, apart from a function of the same name) and log group (`/aws/vendedlogs/states/<name>`). */
  readonly stateMachineName: string;
  /** ARN of the function the Task invokes. */
  readonly functionArn: string;
  /** The Task's timeout in seconds (longer than the function's). */
  readonly taskTimeoutSeconds: number;
  /** Task retries on transient errors. @default 3 */
  readonly taskRetries?: number;
  /** Errors the function throws when a retry may help. @default [] */
  readonly functionRetryableErrors?: readonly string[];
  /** Account allowed to have Step Functions assume the role (`aws:SourceAccount`). */
  readonly accountId: string;
  /** Retention of the execution log group, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** X-Ray tracing of the executions. @default false */
  readonly tracing?: boolean;
  /** Encrypt the execution log group with this KMS key. @default CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
}

const defaultProps: Required<Pick<LambdaTaskStateMachineProps, 'taskRetries' | 'functionRetryableErrors' | 'logRetentionDays' | 'tracing'>> = {
  taskRetries: 3,
  functionRetryableErrors: [],
  logRetentionDays: 30,
  tracing: false,
};

/**
 * Actions Step Functions needs to deliver execution logs to CloudWatch Logs. AWS requires them on
 * `*` (log delivery is configured account-wide, not per log group).
 */
const logDeliveryActions = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/**
 * A Standard state machine that invokes one function per execution (definition.ts), with its own
 * role (invoke that function, deliver logs) and every execution event logged, with its data, to a
 * log group with retention.
 */
export class LambdaTaskStateMachine extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: LambdaTaskStateMachineProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/vendedlogs/states/${settings.stateMachineName}`,
      retentionInDays: settings.logRetentionDays,
      ...(settings.logKmsKeyArn !== undefined && { kmsKeyId: settings.logKmsKeyArn }),
    });

    this.role = new IamRole(this, 'role', {
      name: `${settings.stateMachineName}-states-role`,
      assumeRolePolicy: policyDocument([
        {
          principals: { service: ['states.amazonaws.com'] },
          actions: ['sts:AssumeRole'],
          conditions: { StringEquals: { 'aws:SourceAccount': [settings.accountId] } },
        },
      ]),
    });
    const statements: PolicyStatement[] = [
      // The qualified ARN form (`:*`) covers a version or alias named in FunctionName.
      { sid: 'InvokeFunction', actions: ['lambda:InvokeFunction'], resources: [settings.functionArn, `${settings.functionArn}:*`] },
      { sid: 'DeliverLogs', actions: logDeliveryActions, resources: ['*'] },
      ...(settings.tracing ? [xrayWriteStatement] : []),
    ];
    assertLeastPrivilege(this.node.path, statements);
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: `${settings.stateMachineName}-states-policy`,
      role: this.role.id,
      policy: policyDocument(statements),
    });

    this.stateMachine = new SfnStateMachine(this, 'state-machine', {
      name: settings.stateMachineName,
      type: 'STANDARD',
      roleArn: this.role.arn,
      definition: JSON.stringify(
        processObjectDefinition({
          functionArn: settings.functionArn,
          taskTimeoutSeconds: settings.taskTimeoutSeconds,
          taskRetries: settings.taskRetries,
          functionRetryableErrors: settings.functionRetryableErrors,
        }),
      ),
      loggingConfiguration: { logDestination: `${this.logGroup.arn}:*`, includeExecutionData: true, level: 'ALL' },
      tracingConfiguration: { enabled: settings.tracing },
      // Step Functions checks the role may deliver logs when the state machine is created.
      dependsOn: [rolePolicy],
    });
    this.stateMachineArn = this.stateMachine.arn;
    this.stateMachineName = this.stateMachine.name;
  }
}
