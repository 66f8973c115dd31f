import { describe, expect, it } from 'vitest';
import { LambdaTaskStateMachine } from '../../modules/state-machine/index.js';
import { onlyResource, synthScope } from './terraform-json.js';

const functionArn = 'arn:aws:lambda:eu-west-1:123456789012:function:p-dev-process';

describe('LambdaTaskStateMachine', () => {
  const json = synthScope((scope) => {
    new LambdaTaskStateMachine(scope, 'sm', { stateMachineName: 'p-dev-process', functionArn, taskTimeoutSeconds: 40, taskRetries: 2, accountId: '123456789012', logRetentionDays: 14 });
  });
  const machine = onlyResource(json, 'aws_sfn_state_machine');
  const logGroupId = Object.keys(json.resource?.aws_cloudwatch_log_group ?? {})[0];

  it('is a Standard state machine whose Task has the given timeout and retries', () => {
    expect(machine).toMatchObject({ name: 'p-dev-process', type: 'STANDARD' });
    const task = JSON.parse(machine.definition).States.ProcessImage;
    expect(task).toMatchObject({ TimeoutSeconds: 40, Parameters: { FunctionName: functionArn } });
    expect(task.Retry[0].MaxAttempts).toBe(2);
  });

  it('logs every event with its data to its own log group, with retention', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toEqual({ name: '/aws/vendedlogs/states/p-dev-process', retention_in_days: 14 });
    expect(machine.logging_configuration).toEqual({ log_destination: `\${aws_cloudwatch_log_group.${logGroupId}.arn}:*`, include_execution_data: true, level: 'ALL' });
  });

  it('has a role for Step Functions of this account that may invoke the function and deliver logs, nothing else', () => {
    const role = onlyResource(json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: ['states.amazonaws.com'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } } },
    ]);
    const statements = JSON.parse(onlyResource(json, 'aws_iam_role_policy').policy).Statement as { Sid: string; Action: string[]; Resource: string[] }[];
    expect(statements.find((s) => s.Sid === 'InvokeFunction')).toMatchObject({ Action: ['lambda:InvokeFunction'], Resource: [functionArn, `${functionArn}:*`] });
    const delivery = statements.find((s) => s.Sid === 'DeliverLogs')!;
    expect(delivery.Resource).toEqual(['*']);
    expect(delivery.Action.every((action) => action.startsWith('logs:') && !action.endsWith('*'))).toBe(true);
    expect(statements).toHaveLength(2);
    expect(machine.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });
});
