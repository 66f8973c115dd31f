import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../../scripts/kit/terraform/load-plan.js';
import type { TfJson } from '../../../scripts/kit/terraform/tf-json.js';
import { contractDefinition, contractInputPaths, contractInputTemplate, eventBridgeStack } from '../fixtures/eventbridge-stack.js';
import { repoRoot, testEnv } from '../support.js';

const load = (tf: TfJson = eventBridgeStack()) => loadPlan(tf, { stack: 'eb', repoRoot, env: testEnv });
type Resources = Record<string, Record<string, Record<string, unknown>>>;
const resources = (tf: TfJson) => tf.resource as Resources;

describe('loading the contract\'s eventbridge stack', () => {
  const plan = load();
  const smArn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:imgpipe-eb-process';
  const dlqArn = 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-eb-process-dlq';

  it('reads the uploads rule with its pattern resolved to the bucket, and its state machine target', () => {
    const uploads = plan.eventRules.find((r) => r.name === 'imgpipe-eb-uploads');
    expect(uploads).toMatchObject({ arn: 'arn:aws:events:eu-west-1:000000000000:rule/imgpipe-eb-uploads', eventBusName: 'default', enabled: true });
    expect(uploads?.pattern).toEqual({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['imgpipe-eb-uploads'] }, object: { key: [{ wildcard: 'images/*.jpg' }, { wildcard: 'images/*.png' }] } } });
    expect(uploads?.targets).toEqual([
      {
        address: 'aws_cloudwatch_event_target.process',
        id: 'process',
        arn: smArn,
        kind: 'states',
        roleArn: 'arn:aws:iam::000000000000:role/imgpipe-eb-events',
        inputTransformer: { inputPaths: contractInputPaths, inputTemplate: contractInputTemplate },
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 },
        deadLetterArn: dlqArn,
      },
    ]);
  });

  it('reads the failed-executions rule sending the whole event to the DLQ, with EventBridge\'s default retry policy', () => {
    const failed = plan.eventRules.find((r) => r.name === 'imgpipe-eb-failed-executions');
    expect(failed?.pattern).toMatchObject({ detail: { stateMachineArn: [smArn] } });
    expect(failed?.targets).toEqual([expect.objectContaining({ kind: 'sqs', arn: dlqArn, retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 } })]);
    expect(failed?.targets[0]).not.toHaveProperty('inputTransformer');
  });

  it('reads the state machine with the function ARN resolved in its definition', () => {
    expect(plan.stateMachines).toEqual([
      { address: 'aws_sfn_state_machine.process', name: 'imgpipe-eb-process', arn: smArn, type: 'STANDARD', roleArn: 'arn:aws:iam::000000000000:role/imgpipe-eb-states', definition: contractDefinition('arn:aws:lambda:eu-west-1:000000000000:function:imgpipe-eb-process') },
    ]);
  });

  it('reads POST /executions as an AWS integration with its model, validator, templates and responses', () => {
    const [api] = plan.restApis;
    expect(api?.routes).toEqual([]);
    const [route] = api?.awsRoutes ?? [];
    expect(route).toMatchObject({
      method: 'POST',
      path: '/executions',
      apiKeyRequired: true,
      validateRequestBody: true,
      validateRequestParameters: false,
      methodResponseStatuses: [200, 400, 500],
      integration: { service: 'states', action: 'StartExecution', credentials: 'arn:aws:iam::000000000000:role/imgpipe-eb-apigw', passthroughBehavior: 'NEVER' },
    });
    expect(route?.requestModels['application/json']).toEqual({ name: 'StartExecutionRequest', schema: expect.objectContaining({ required: ['key'] }) });
    expect(route?.integration.requestTemplates['application/json']).toContain(`"stateMachineArn": "${smArn}"`);
    expect(route?.integration.requestTemplates['application/json']).toContain('\\"bucket\\": \\"imgpipe-eb-uploads\\"');
    expect(route?.integration.responses).toEqual([
      { statusCode: 200, templates: { 'application/json': expect.stringContaining('executionArn') } },
      { statusCode: 400, selectionPattern: '4\\d{2}', templates: { 'application/json': expect.stringContaining('message') } },
    ]);
    expect(api?.gatewayResponses.map((r) => r.responseType)).toEqual(['BAD_REQUEST_BODY']);
  });

  it('counts the rules, targets, state machine, notification with eventbridge and the API\'s resources as emulated', () => {
    expect(plan.coverage.notEmulated).toEqual([]);
    expect(plan.notifications).toEqual([expect.objectContaining({ bucket: 'imgpipe-eb-uploads', targets: [], eventBridge: true })]);
    const types = new Set(plan.coverage.emulated.map((a) => a.split('.')[0]));
    for (const type of ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_sfn_state_machine', 'aws_api_gateway_model', 'aws_api_gateway_request_validator', 'aws_api_gateway_integration_response']) expect(types).toContain(type);
  });
});

describe('what the loaders refuse or name', () => {
  it('refuses at load a pattern with an unsupported operator, naming the rule and the operator', () => {
    const tf = eventBridgeStack();
    resources(tf).aws_cloudwatch_event_rule!.uploads!.event_pattern = JSON.stringify({ detail: { object: { key: [{ contains: 'images' }] } } });
    expect(() => load(tf)).toThrow('aws_cloudwatch_event_rule.uploads.event_pattern.detail.object.key[0].contains: unsupported operator "contains"');
  });

  it('refuses at load a JSONata state machine, naming it', () => {
    const tf = eventBridgeStack();
    resources(tf).aws_sfn_state_machine!.process!.definition = JSON.stringify({ ...contractDefinition('${aws_lambda_function.process.arn}'), QueryLanguage: 'JSONata' });
    expect(() => load(tf)).toThrow(/aws_sfn_state_machine\.process\.definition: state machine imgpipe-eb-process: QueryLanguage "JSONata"/);
  });

  it('refuses an input template naming a variable no input path defines', () => {
    const tf = eventBridgeStack();
    (resources(tf).aws_cloudwatch_event_target!.process!.input_transformer as Record<string, unknown>).input_template = '{"key": <objectKey>}';
    expect(() => load(tf)).toThrow(/aws_cloudwatch_event_target\.process\.input_transformer: input_template uses <objectKey>/);
  });

  it('names a schedule rule and a target it cannot deliver to', () => {
    const tf = eventBridgeStack();
    resources(tf).aws_cloudwatch_event_rule!.nightly = { name: 'nightly', schedule_expression: 'rate(1 day)' };
    resources(tf).aws_cloudwatch_event_target!.topic = { rule: '${aws_cloudwatch_event_rule.uploads.name}', arn: 'arn:aws:sns:eu-west-1:000000000000:fanout' };
    const gaps = [...load(tf).coverage.notEmulated].sort((a, b) => a.address.localeCompare(b.address));
    expect(gaps).toEqual([
      { address: 'aws_cloudwatch_event_rule.nightly', reason: expect.stringContaining('schedule') },
      { address: 'aws_cloudwatch_event_target.topic', reason: expect.stringContaining('arn:aws:sns:eu-west-1:000000000000:fanout') },
    ]);
  });
});
