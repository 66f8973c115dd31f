import { describe, expect, it } from 'vitest';
import { PipelineFunction } from '../../modules/lambda-function/index.js';
import { UploadApi, type UploadApiProps } from '../../modules/upload-api/index.js';
import { dummyZip, onlyResource, resourcesOf, synthScope, type TerraformJson } from './terraform-json.js';

function synthApi(overrides: Partial<Omit<UploadApiProps, 'handler'>> = {}): TerraformJson {
  return synthScope((scope) => {
    const handler = new PipelineFunction(scope, 'upload', { functionName: 'p-dev-upload', pipelineFunction: 'upload', zipPath: dummyZip(), architecture: 'arm64' });
    new UploadApi(scope, 'api', { apiName: 'p-dev-upload-api', handler, ...overrides });
  });
}

const address = (json: TerraformJson, type: string) => `${type}.${Object.keys(resourcesOf(json, type))[0]}`;

describe('UploadApi', () => {
  const json = synthApi({ stageName: 'dev', rateLimit: 7, burstLimit: 9 });

  it('passes every accepted image type through as binary, and no text type', () => {
    const types = onlyResource(json, 'aws_api_gateway_rest_api').binary_media_types as string[];
    expect(types).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif', 'application/octet-stream']);
    expect(types).not.toContain('image/*');
  });

  it('routes POST /uploads to the function through a Lambda proxy integration', () => {
    expect(onlyResource(json, 'aws_api_gateway_resource').path_part).toBe('uploads');
    expect(onlyResource(json, 'aws_api_gateway_method')).toMatchObject({ http_method: 'POST', authorization: 'NONE', api_key_required: true });
    expect(onlyResource(json, 'aws_api_gateway_integration')).toMatchObject({
      type: 'AWS_PROXY',
      integration_http_method: 'POST',
      uri: `\${${address(json, 'aws_lambda_function')}.invoke_arn}`,
    });
  });

  it('lets API Gateway invoke the function for POST /uploads only', () => {
    expect(onlyResource(json, 'aws_lambda_permission')).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      function_name: `\${${address(json, 'aws_lambda_function')}.function_name}`,
      source_arn: `\${${address(json, 'aws_api_gateway_rest_api')}.execution_arn}/*/POST/uploads`,
    });
  });

  it('redeploys when the route changes, creating the new deployment first', () => {
    const deployment = onlyResource(json, 'aws_api_gateway_deployment');
    expect(deployment.triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(/);
    expect(deployment.triggers.redeployment).toContain(`${address(json, 'aws_api_gateway_integration')}.id`);
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    expect(onlyResource(json, 'aws_api_gateway_stage')).toMatchObject({
      stage_name: 'dev',
      deployment_id: `\${${address(json, 'aws_api_gateway_deployment')}.id}`,
    });
  });

  it('throttles every method of the stage and records metrics', () => {
    expect(onlyResource(json, 'aws_api_gateway_method_settings')).toMatchObject({
      method_path: '*/*',
      settings: { throttling_rate_limit: 7, throttling_burst_limit: 9, metrics_enabled: true },
    });
  });

  it('requires an API key tied to a throttled usage plan on the stage', () => {
    const plan = onlyResource(json, 'aws_api_gateway_usage_plan');
    expect(plan).toMatchObject({
      api_stages: [{ api_id: `\${${address(json, 'aws_api_gateway_rest_api')}.id}`, stage: `\${${address(json, 'aws_api_gateway_stage')}.stage_name}` }],
      throttle_settings: { rate_limit: 7, burst_limit: 9 },
    });
    expect(onlyResource(json, 'aws_api_gateway_usage_plan_key')).toMatchObject({
      key_id: `\${${address(json, 'aws_api_gateway_api_key')}.id}`,
      key_type: 'API_KEY',
      usage_plan_id: `\${${address(json, 'aws_api_gateway_usage_plan')}.id}`,
    });
  });

  it('answers gateway errors with JSON bodies', () => {
    const responses = Object.values(resourcesOf(json, 'aws_api_gateway_gateway_response'));
    expect(responses.map((r) => r.response_type).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const response of responses) {
      expect(Object.keys(response.response_templates)).toEqual(['application/json']);
    }
  });

  it('with iam auth, requires SigV4 and creates no key or usage plan', () => {
    const iam = synthApi({ auth: 'iam' });
    expect(onlyResource(iam, 'aws_api_gateway_method')).toMatchObject({ authorization: 'AWS_IAM', api_key_required: false });
    expect(resourcesOf(iam, 'aws_api_gateway_api_key')).toEqual({});
    expect(resourcesOf(iam, 'aws_api_gateway_usage_plan')).toEqual({});
  });

  it('writes JSON access logs to a log group only when asked', () => {
    expect(onlyResource(json, 'aws_api_gateway_stage').access_log_settings).toBeUndefined();
    const logged = synthApi({ logging: true, logRetentionDays: 60 });
    const group = Object.values(resourcesOf(logged, 'aws_cloudwatch_log_group')).find((g) => String(g.name).startsWith('/aws/apigateway/'));
    expect(group).toMatchObject({ name: '/aws/apigateway/p-dev-upload-api/v1/access', retention_in_days: 60 });
    const settings = onlyResource(logged, 'aws_api_gateway_stage').access_log_settings;
    expect(settings.destination_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.api_access-logs_\w+\.arn\}$/);
    expect(JSON.parse(settings.format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });
});
