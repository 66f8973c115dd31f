import { describe, expect, it } from 'vitest';
import { compileInputTransformer } from '../../../scripts/kit/eventbridge/input-transformer.js';
import { buildS3BusEvent } from '../../../scripts/kit/eventbridge/s3-events.js';
import { contractInputPaths, contractInputTemplate } from '../fixtures/eventbridge-stack.js';

const context = { ruleArn: 'arn:aws:events:eu-west-1:000000000000:rule/uploads', ruleName: 'uploads', ingestionTime: new Date('2026-01-02T03:04:05.000Z') };
const s3Event = (key: string, versionId?: string) =>
  buildS3BusEvent(
    { bucket: 'uploads', key, eventName: 'ObjectCreated:Put', size: 1234, eTag: 'd41d8cd98f00b204e9800998ecf8427e', time: new Date('2026-01-02T03:04:05.123Z'), requestId: 'REQ1', sourceIp: '127.0.0.1' },
    { region: 'eu-west-1', accountId: '000000000000', ...(versionId ? { versionId } : {}) },
  );
const contract = compileInputTransformer({ inputPaths: contractInputPaths, inputTemplate: contractInputTemplate }, 'rule uploads target process');

describe('the contract input transformer on an S3 Object Created event', () => {
  it.each([
    'images/plain.jpg',
    'images/a "quoted" name.jpg',
    "images/it's.jpg",
    'images/back\\slash.jpg',
    'images/a b+c.jpg',
    'images/café 写真 😀.jpg',
    'images/</tag>&<aws.events.rule-name>.jpg',
  ])('gives valid JSON carrying the exact key %j', (key) => {
    const input = JSON.parse(contract(s3Event(key, 'v1'), context)) as Record<string, unknown>;
    expect(input).toEqual({ bucket: 'uploads', key, size: 1234, etag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: 'v1' });
  });

  it('gives versionId null when the bucket is not versioned (no version-id in the event)', () => {
    const input = JSON.parse(contract(s3Event('images/a.jpg'), context)) as Record<string, unknown>;
    expect(input).toEqual({ bucket: 'uploads', key: 'images/a.jpg', size: 1234, etag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: null });
  });
});

describe('input transformer rules ("Amazon EventBridge input transformation")', () => {
  const ec2 = { version: '0', id: '7bf73129-1428-4cd3-a780-95db273d1602', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', account: '123456789012', time: '2015-11-11T21:29:54Z', region: 'us-east-1', resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'], detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' } };
  const paths = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };
  const run = (inputTemplate: string, event: unknown = ec2) => compileInputTransformer({ inputPaths: paths, inputTemplate }, 'test')(event, context);

  it('"JSON with strings and variables": unquoted placeholders get JSON values, quoted ones the text', () => {
    const out = run('{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}');
    expect(JSON.parse(out)).toEqual({ instance: 'i-0123456789', state: 'RUNNING', instanceStatus: 'instance "i-0123456789" is in RUNNING' });
    expect(out).toBe('{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \\"i-0123456789\\" is in RUNNING"}');
  });

  it('"JSON with a mix of variables and static information"', () => {
    expect(JSON.parse(run('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}'))).toEqual({ instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' });
  });

  it('"Including reserved variables": rule ARN, rule name and the original event', () => {
    expect(JSON.parse(run('{"ruleArn" : <aws.events.rule-arn>, "ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>, "at": <aws.events.event.ingestion-time>}'))).toEqual({
      ruleArn: context.ruleArn,
      ruleName: 'uploads',
      originalEvent: ec2,
      at: '2026-01-02T03:04:05.000Z',
    });
    expect(run('"<aws.events.rule-name> triggered"')).toBe('"uploads triggered"');
  });

  it('"Simple string": a template that is not JSON gets the values as text', () => {
    expect(run('"instance <instance> is in <state>"')).toBe('"instance i-0123456789 is in RUNNING"');
  });

  it('does not escape a value inside a quoted placeholder, so a quote in it breaks the JSON', () => {
    const event = { ...ec2, detail: { ...ec2.detail, state: 'says "hi"' } };
    expect(() => run('{"state": "<state>"}', event)).toThrow(/rendered invalid JSON/);
    expect(JSON.parse(run('{"state": <state>}', event))).toEqual({ state: 'says "hi"' });
  });

  it('refuses, when compiled, a placeholder no input path defines and a path it cannot evaluate', () => {
    expect(() => compileInputTransformer({ inputPaths: { key: '$.detail.key' }, inputTemplate: '{"k": <kye>}' }, 'rule r target t')).toThrow('rule r target t: input_template uses <kye>, which input_paths does not define');
    expect(() => compileInputTransformer({ inputPaths: { key: '$..key' }, inputTemplate: '<key>' }, 'rule r target t')).toThrow(/cannot evaluate the JSON path "\$\.\.key"/);
  });
});
