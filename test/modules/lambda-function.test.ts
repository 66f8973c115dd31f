import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PipelineFunction, pipelineFunctionTag } from '../../modules/lambda-function/index.js';
import { dummyZip, onlyResource, synthScope } from './terraform-json.js';

describe('PipelineFunction', () => {
  const zip = dummyZip('process-arm64.zip');
  const json = synthScope(
    (scope) =>
      new PipelineFunction(scope, 'process', {
        functionName: 'p-dev-process',
        pipelineFunction: 'process',
        zipPath: zip,
        architecture: 'arm64',
        memoryMb: 1536,
        timeoutSeconds: 60,
        logRetentionDays: 14,
        environment: { OUTPUT_BUCKET: 'outputs' },
      }),
  );
  const fn = onlyResource(json, 'aws_lambda_function');
  const logGroup = onlyResource(json, 'aws_cloudwatch_log_group');

  it('runs index.handler on Node.js 22 with the configured architecture, memory, timeout and environment', () => {
    expect(fn).toMatchObject({
      function_name: 'p-dev-process',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      architectures: ['arm64'],
      memory_size: 1536,
      timeout: 60,
      environment: { variables: { OUTPUT_BUCKET: 'outputs' } },
    });
  });

  it('ships the zip as a stack asset with the base64 SHA-256 Lambda reports as CodeSha256', () => {
    expect(fn.filename).toMatch(/^assets\/[\w-]+\/[0-9a-f]+\/process-arm64\.zip$/);
    expect(fn.source_code_hash).toBe(createHash('sha256').update(readFileSync(zip)).digest('base64'));
  });

  it('tags the function with the handler folder it runs', () => {
    expect(fn.tags).toEqual({ [pipelineFunctionTag]: 'process' });
  });

  it('logs to its own log group, created first, with retention', () => {
    expect(logGroup).toMatchObject({ name: '/aws/lambda/p-dev-process', retention_in_days: 14 });
    const logGroupAddress = `aws_cloudwatch_log_group.${Object.keys(json.resource?.aws_cloudwatch_log_group ?? {})[0]}`;
    expect(fn.logging_config).toEqual({ log_format: 'JSON', log_group: `\${${logGroupAddress}.name}` });
    expect(fn.depends_on).toContain(logGroupAddress);
  });

  it('has a role only Lambda can assume, allowed to write its own log group and nothing else', () => {
    expect(JSON.parse(onlyResource(json, 'aws_iam_role').assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    });
    const logGroupName = Object.keys(json.resource?.aws_cloudwatch_log_group ?? {})[0];
    expect(JSON.parse(onlyResource(json, 'aws_iam_role_policy').policy).Statement).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`\${aws_cloudwatch_log_group.${logGroupName}.arn}:*`],
      },
    ]);
    expect(fn.depends_on).toContain(`aws_iam_role_policy.${Object.keys(json.resource?.aws_iam_role_policy ?? {})[0]}`);
  });

  it('adds granted statements to the role policy and refuses wildcard grants', () => {
    const granted = synthScope((scope) => {
      const f = new PipelineFunction(scope, 'f', { functionName: 'f', pipelineFunction: 'upload', zipPath: zip, architecture: 'x86_64' });
      f.grant({ sid: 'WriteUploads', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/images/*'] });
      expect(() => f.grant({ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] })).toThrow(/wildcard action "s3:\*"/);
      expect(() => f.grant({ actions: ['s3:GetObject'], resources: ['*'] })).toThrow(/on resource "\*"/);
    });
    const statements = JSON.parse(onlyResource(granted, 'aws_iam_role_policy').policy).Statement as { Sid: string }[];
    expect(statements.map((s) => s.Sid)).toEqual(['WriteOwnLogs', 'WriteUploads']);
    expect(onlyResource(granted, 'aws_lambda_function').architectures).toEqual(['x86_64']);
  });
});
