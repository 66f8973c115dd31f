import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExecutionsApi } from '../../modules/executions-api/index.js';
import { executionRequestSchema, startExecutionRequestTemplate } from '../../modules/executions-api/templates.js';
import { PipelineFunction } from '../../modules/lambda-function/index.js';
import { UploadApi, type UploadApiAuth } from '../../modules/upload-api/index.js';
import { dummyZip, onlyResource, resourcesOf, synthScope, theOne, type Block, type TerraformJson } from './terraform-json.js';
import { renderRequestTemplate } from './vtl.js';

const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:p-dev-process';

function synthExecutionsApi(auth: UploadApiAuth = 'apiKey', keyPrefix = 'images/'): TerraformJson {
  return synthScope((scope) => {
    const handler = new PipelineFunction(scope, 'upload', { functionName: 'p-dev-upload', pipelineFunction: 'upload', zipPath: dummyZip(), architecture: 'arm64' });
    const api = new UploadApi(scope, 'api', { apiName: 'p-dev-upload-api', handler, auth });
    new ExecutionsApi(scope, 'executions', { api, stateMachineArn, bucketName: 'uploads-bucket', keyPrefix, region: 'eu-west-1', namePrefix: 'p-dev' });
  });
}

const byPath = (json: TerraformJson, type: string, match: (block: Block) => boolean): [string, Block] => {
  const found = Object.entries(resourcesOf(json, type)).filter(([, block]) => match(block));
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

/** The execution input the template gives for a request body `{"key": key}`. */
function inputFor(key: string): { bucket: string; key: string } {
  const rendered = JSON.parse(renderRequestTemplate(startExecutionRequestTemplate(stateMachineArn, 'uploads-bucket'), { key })) as { stateMachineArn: string; input: string };
  expect(rendered.stateMachineArn).toBe(stateMachineArn);
  return JSON.parse(rendered.input) as { bucket: string; key: string };
}

describe('ExecutionsApi', () => {
  const json = synthExecutionsApi();
  const [resourceId] = byPath(json, 'aws_api_gateway_resource', (r) => r.path_part === 'executions');
  const [, method] = byPath(json, 'aws_api_gateway_method', (m) => m.resource_id === `\${aws_api_gateway_resource.${resourceId}.id}`);
  const integration = byPath(json, 'aws_api_gateway_integration', (i) => i.type === 'AWS')[1];

  it('adds POST /executions to the same REST API, with the uploads route\'s API key requirement', () => {
    expect(Object.keys(resourcesOf(json, 'aws_api_gateway_rest_api'))).toHaveLength(1);
    expect(method).toMatchObject({ http_method: 'POST', authorization: 'NONE', api_key_required: true });
    const iam = synthExecutionsApi('iam');
    for (const m of Object.values(resourcesOf(iam, 'aws_api_gateway_method'))) expect(m).toMatchObject({ authorization: 'AWS_IAM', api_key_required: false });
  });

  it('validates the body against a model: a key under the prefix and nothing else', () => {
    const model = onlyResource(json, 'aws_api_gateway_model');
    expect(method.request_models).toEqual({ 'application/json': `\${aws_api_gateway_model.${Object.keys(resourcesOf(json, 'aws_api_gateway_model'))[0]}.name}` });
    // The upload API has its own validator (headers); this route's checks the body.
    const [validatorName, validator] = theOne(json, 'aws_api_gateway_request_validator', (v) => v.validate_request_body === true);
    expect(method.request_validator_id).toBe(`\${aws_api_gateway_request_validator.${validatorName}.id}`);
    expect(validator.validate_request_body).toBe(true);
    expect(model.content_type).toBe('application/json');
    const schema = JSON.parse(model.schema as string);
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['key'], additionalProperties: false });
    expect(schema.properties.key).toEqual({ type: 'string', minLength: 8, maxLength: 1024, pattern: '^images/' });
  });

  it('escapes the prefix in the model pattern, so its dots and parentheses are literal', () => {
    const pattern = new RegExp(JSON.parse(executionRequestSchema('a.b(1)/')).properties.key.pattern);
    expect(pattern.test('a.b(1)/x.jpg')).toBe(true);
    expect(pattern.test('aXb(1)/x.jpg')).toBe(false);
    expect(JSON.parse(executionRequestSchema('')).properties.key.minLength).toBe(1);
  });

  it('calls StartExecution through an AWS integration with its own role, templates only', () => {
    expect(integration).toMatchObject({
      type: 'AWS',
      integration_http_method: 'POST',
      uri: 'arn:aws:apigateway:eu-west-1:states:action/StartExecution',
      passthrough_behavior: 'NEVER',
    });
    const [roleId, role] = byPath(json, 'aws_iam_role', (r) => String(r.name) === 'p-dev-start-execution');
    expect(integration.credentials).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: ['apigateway.amazonaws.com'] });
    const [, policy] = byPath(json, 'aws_iam_role_policy', (p) => p.role === `\${aws_iam_role.${roleId}.id}`);
    expect(JSON.parse(policy.policy).Statement).toEqual([{ Sid: 'StartExecution', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [stateMachineArn] }]);
  });

  it('builds the StartExecution body from the request: state machine, bucket and key', () => {
    expect(integration.request_templates['application/json']).toBe(startExecutionRequestTemplate(stateMachineArn, 'uploads-bucket'));
    expect(inputFor('images/2026/a.jpg')).toEqual({ bucket: 'uploads-bucket', key: 'images/2026/a.jpg' });
  });

  it("keeps keys with quotes, apostrophes, backslashes, spaces, '+' and unicode intact through both JSON levels", () => {
    for (const key of [`images/it's.jpg`, 'images/say "cheese".jpg', 'images/back\\slash.jpg', "images/a\\'b.jpg", 'images/a b+c.jpg', 'images/café/日本 😀.jpg', 'images/tab\there.jpg', 'images/</script>.jpg']) {
      expect(inputFor(key).key).toBe(key);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (tail) => inputFor(`images/${tail}`).key === `images/${tail}`));
  });

  it('answers 200 with the execution, 400 with the service message, 500 without internals', () => {
    const responses = Object.values(resourcesOf(json, 'aws_api_gateway_integration_response'));
    const byStatus = Object.fromEntries(responses.map((r) => [String(r.status_code).match(/method-response-(\d{3})/)?.[1], r]));
    expect(byStatus['200']?.selection_pattern).toBeUndefined();
    expect(byStatus['200']?.response_templates['application/json']).toBe(`{"executionArn": $input.json('$.executionArn'), "startDate": $input.json('$.startDate')}`);
    expect(byStatus['400']).toMatchObject({ selection_pattern: '4\\d{2}', response_templates: { 'application/json': `{"message": $input.json('$.message')}` } });
    expect(new RegExp(`^${byStatus['400']?.selection_pattern}$`).test('409')).toBe(true);
    expect(byStatus['500']?.response_templates['application/json']).not.toContain('$input');
    for (const response of responses) expect(response.depends_on).toEqual([expect.stringMatching(/^aws_api_gateway_integration\./)]);
    const statuses = Object.values(resourcesOf(json, 'aws_api_gateway_method_response')).map((r) => r.status_code).sort();
    expect(statuses).toEqual(['200', '400', '500']);
  });

  it('answers a body the model refuses with 400, API Gateway\'s message and what the body must be, as valid JSON', () => {
    const badBody = byPath(json, 'aws_api_gateway_gateway_response', (r) => r.response_type === 'BAD_REQUEST_BODY')[1];
    expect(badBody.status_code).toBe('400');
    const template = badBody.response_templates['application/json'] as string;
    // A gateway response substitutes $context variables as text; messageString arrives quoted.
    const rendered = JSON.parse(template.replace('$context.error.messageString', JSON.stringify('Invalid request body'))) as Record<string, string>;
    expect(rendered).toEqual({ message: 'Invalid request body', expected: 'a JSON object {"key": "images/..."} naming an object under images/, and nothing else' });
    expect(template).not.toContain('validationErrorString');
  });

  it('redeploys the stage when the route, its model, template or responses change, after they exist', () => {
    const deployment = onlyResource(json, 'aws_api_gateway_deployment');
    for (const type of ['aws_api_gateway_resource', 'aws_api_gateway_model', 'aws_api_gateway_request_validator', 'aws_api_gateway_method', 'aws_api_gateway_integration', 'aws_api_gateway_integration_response', 'aws_api_gateway_method_response']) {
      for (const id of Object.keys(resourcesOf(json, type))) expect(deployment.triggers.redeployment, `${type}.${id}`).toContain(`${type}.${id}.id`);
    }
    expect(deployment.triggers.redeployment).toContain('.request_templates');
    expect(deployment.triggers.redeployment).toContain('.schema');
    const waitsFor = deployment.depends_on as string[];
    for (const type of ['aws_api_gateway_integration', 'aws_api_gateway_integration_response', 'aws_api_gateway_method_response', 'aws_api_gateway_gateway_response']) {
      for (const id of Object.keys(resourcesOf(json, type))) expect(waitsFor).toContain(`${type}.${id}`);
    }
  });
});
