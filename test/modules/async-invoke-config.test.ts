import { describe, expect, it } from 'vitest';
import { AsyncInvokeConfig } from '../../modules/async-invoke-config/index.js';
import { PipelineFunction } from '../../modules/lambda-function/index.js';
import { dummyZip, onlyResource, statementWithSid, synthScope } from './terraform-json.js';

const dlqArn = 'arn:aws:sqs:eu-west-1:123456789012:p-dev-process-dlq';

describe('AsyncInvokeConfig', () => {
  const json = synthScope((scope) => {
    const fn = new PipelineFunction(scope, 'process', { functionName: 'p-dev-process', pipelineFunction: 'process', zipPath: dummyZip(), architecture: 'arm64', reservedConcurrency: 4 });
    new AsyncInvokeConfig(scope, 'async', { function: fn, onFailureQueueArn: dlqArn, maximumRetryAttempts: 1, maximumEventAgeSeconds: 120 });
  });
  const config = onlyResource(json, 'aws_lambda_function_event_invoke_config');

  it('retries and ages events as configured, then sends the invocation record to the queue', () => {
    expect(config).toMatchObject({
      function_name: `\${aws_lambda_function.${Object.keys(json.resource?.aws_lambda_function ?? {})[0]}.function_name}`,
      maximum_retry_attempts: 1,
      maximum_event_age_in_seconds: 120,
      destination_config: { on_failure: { destination: dlqArn } },
    });
  });

  it("lets the function's role send to that queue, which Lambda uses for the record, before the config is saved", () => {
    expect(statementWithSid(onlyResource(json, 'aws_iam_role_policy').policy, 'AsyncOnFailureDestination')).toEqual({
      Sid: 'AsyncOnFailureDestination',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [dlqArn],
    });
    expect(config.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  it("reserves the function's concurrency when asked, and only then", () => {
    expect(onlyResource(json, 'aws_lambda_function').reserved_concurrent_executions).toBe(4);
    const plain = synthScope((scope) => new PipelineFunction(scope, 'f', { functionName: 'f', pipelineFunction: 'process', zipPath: dummyZip(), architecture: 'arm64' }));
    expect(onlyResource(plain, 'aws_lambda_function').reserved_concurrent_executions).toBeUndefined();
  });
});
