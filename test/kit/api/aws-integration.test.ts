import { describe, expect, it } from 'vitest';
import { answerAwsIntegration, type StepFunctionsApi } from '../../../scripts/kit/api/aws-integration.js';
import { renderMappingTemplate } from '../../../scripts/kit/api/mapping-template.js';
import { vtlUtil } from '../../../scripts/kit/api/vtl-util.js';
import { StepFunctionsError } from '../../../scripts/kit/stepfunctions/step-functions.js';
import { loadPlan } from '../../../scripts/kit/terraform/load-plan.js';
import { outputValue } from '../../../scripts/kit/terraform/pipeline-resources.js';
import { repoRoot, synthesizedStack, testEnv } from '../support.js';

// The executions API as `npm run synth` writes it (examples/state-machine).
const plan = loadPlan(synthesizedStack('state-machine'), { stack: 'state-machine', repoRoot, env: testEnv });
const uploadsBucket = outputValue(plan, 'uploads_bucket_name');
const api = plan.restApis[0]!;
const route = api.awsRoutes![0]!;
const smArn = plan.stateMachines[0]!.arn;

/** StartExecution that records its requests, validating the input as Step Functions does. */
function fakeStartExecution() {
  const requests: { stateMachineArn: string; input?: string; name?: string }[] = [];
  const api: StepFunctionsApi = {
    startExecution: (request) => {
      requests.push(request);
      try {
        JSON.parse(request.input ?? '{}');
      } catch {
        throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
      }
      return { executionArn: `${smArn.replace(':stateMachine:', ':execution:')}:x`, startDate: new Date(1_700_000_000_500) };
    },
  };
  return { api, requests };
}

const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) => ({ body, headers, querystring: {}, requestId: 'req-1', stage: 'dev', sourceIp: '127.0.0.1', accountId: '000000000000' });

describe('POST /executions: the synthesized AWS integration for StartExecution', () => {
  it.each(['images/plain.jpg', 'images/"quoted".jpg', "images/it's.jpg", "images/o'brien \"x\" \\ y.jpg", 'images/back\\slash\\.jpg', 'images/a b+c.jpg', 'images/café 写真 😀.jpg', 'images/line\nbreak.jpg'])(
    'renders a StartExecution body whose input holds the exact key %j, and answers 200',
    async (key) => {
      const { api: sfn, requests } = fakeStartExecution();
      const answer = await answerAwsIntegration(api, route, post(JSON.stringify({ key })), sfn);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.stateMachineArn).toBe(smArn);
      expect(JSON.parse(requests[0]!.input!)).toEqual({ bucket: uploadsBucket, key });
      expect(answer.reply.statusCode).toBe(200);
      expect(JSON.parse(answer.reply.body.toString())).toEqual({ executionArn: `${smArn.replace(':stateMachine:', ':execution:')}:x`, startDate: 1_700_000_000.5 });
    },
  );

  it.each([
    ['no key', {}, 'object has missing required properties (["key"])'],
    ['a key outside the prefix', { key: 'other/a.jpg' }, 'ECMA 262 regex "^images/" does not match input string "other/a.jpg"'],
    ['only the prefix', { key: 'images/' }, 'string "images/" is too short (length: 7, required minimum: 8)'],
    ['another field', { key: 'images/a.jpg', bucket: 'x' }, 'object instance has properties which are not allowed by the schema: ["bucket"]'],
    ['a key that is not a string', { key: 7 }, 'instance type (integer) does not match any allowed primitive type (allowed: ["string"])'],
  ])('answers 400 through BAD_REQUEST_BODY for %s, without starting anything', async (_what, body, message) => {
    const { api: sfn, requests } = fakeStartExecution();
    const answer = await answerAwsIntegration(api, route, post(JSON.stringify(body)), sfn);
    expect(requests).toEqual([]);
    expect(answer.reply.statusCode).toBe(400);
    // The client gets valid JSON (the gateway response quotes nothing itself); the validator's words go to the kit's log.
    expect(JSON.parse(answer.reply.body.toString())).toEqual({ message: 'Invalid request body', expected: expect.stringContaining('{"key": "images/..."}') });
    expect(answer.reason).toContain(`[${message}]`);
  });

  it('answers 415 for a content type without a template (passthrough NEVER)', async () => {
    const { api: sfn, requests } = fakeStartExecution();
    const answer = await answerAwsIntegration(api, route, post('key=images/a.jpg', { 'Content-Type': 'text/plain' }), sfn);
    expect(answer.reply.statusCode).toBe(415);
    expect(requests).toEqual([]);
  });

  it('gives what AWS gives when the template renders invalid JSON: StartExecution\'s 400, through the 4\\d{2} integration response', async () => {
    const broken = { ...route, integration: { ...route.integration, requestTemplates: { 'application/json': `{"stateMachineArn": "${smArn}", "input": "{\\"key\\": $input.json('$.key')}"}` } } };
    const { api: sfn } = fakeStartExecution();
    const answer = await answerAwsIntegration(api, broken, post(JSON.stringify({ key: 'images/a.jpg' })), sfn);
    expect(answer.service).toEqual({ statusCode: 400, body: expect.stringContaining('"__type":"SerializationException"') });
    expect(answer.reply.statusCode).toBe(400);
    expect(JSON.parse(answer.reply.body.toString())).toEqual({ message: expect.stringContaining('not valid JSON') });
  });

  it('passes StartExecution\'s InvalidExecutionInput on as a 400 with its message', async () => {
    const unescaped = { ...route, integration: { ...route.integration, requestTemplates: { 'application/json': `{"stateMachineArn": "${smArn}", "input": "{\\"key\\": \\"$input.path('$.key')\\""}` } } };
    const { api: sfn } = fakeStartExecution();
    const answer = await answerAwsIntegration(api, unescaped, post(JSON.stringify({ key: 'images/a.jpg' })), sfn);
    expect(answer.reply.statusCode).toBe(400);
    expect(JSON.parse(answer.reply.body.toString())).toEqual({ message: 'Invalid State Machine Execution Input' });
  });
});

describe('mapping templates render as API Gateway\'s Java Velocity does', () => {
  it('escapeJavaScript escapes \' as \\\' (Commons Lang), and the Java replaceAll("\\\\\'","\'") undoes it', () => {
    expect(vtlUtil.escapeJavaScript(`it's "x" \\ / é\n`)).toBe(`it\\'s \\"x\\" \\\\ \\/ \\u00E9\\n`);
    expect(renderMappingTemplate(`$util.escapeJavaScript($input.path('$.k')).replaceAll("\\\\'","'")`, { body: JSON.stringify({ k: "it's" }) }, {})).toBe("it's");
  });

  it('Java string methods: replace of every occurrence, matches of the whole string, $1 in replaceAll, length()', () => {
    const render = (template: string) => renderMappingTemplate(template, { body: '{"k":"a.b.c"}' }, {});
    expect(render(`$input.path('$.k').replace(".", "/")`)).toBe('a/b/c');
    expect(render(`$input.path('$.k').matches("a\\.b")|$input.path('$.k').matches("a.*")`)).toBe('false|true');
    expect(render(`$input.path('$.k').replaceAll("([a-z])\\.", "$1-")`)).toBe('a-b-c');
    expect(render(`$input.path('$.k').length()`)).toBe('5');
  });

  it('$util url and base64 helpers, $input.params and $context', () => {
    const out = renderMappingTemplate('$util.urlEncode("a b/é*~")|$util.urlDecode("a+b%2F")|$util.base64Encode("hé")|$util.base64Decode("aMOp")|$input.params("q")|$context.stage', { body: '', params: { querystring: { q: 'v' } } }, { stage: 'dev' });
    expect(out).toBe('a+b%2F%C3%A9*%7E|a b/|aMOp|hé|v|dev');
  });
});
