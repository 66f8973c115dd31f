import { describe, expect, it } from 'vitest';
import { EventBus, type EventRuleSpec, type TargetServices } from '../../../scripts/kit/eventbridge/event-bus.js';
import { buildS3BusEvent } from '../../../scripts/kit/eventbridge/s3-events.js';
import { contractInputPaths, contractInputTemplate } from '../fixtures/eventbridge-stack.js';

const dlqArn = 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-process-dlq';
const smArn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:imgpipe-process';

/** Records what the bus sends; `failures` makes the next N StartExecution calls fail. */
function fakeServices(failures = 0, error: Error = Object.assign(new Error('Rate exceeded'), { code: 'ThrottlingException' })) {
  const calls = { startExecution: [] as string[], sendMessage: [] as { queueArn: string; body: string; attributes?: Readonly<Record<string, string>> }[], invokeAsync: [] as string[] };
  let left = failures;
  const services: TargetServices = {
    startExecution: async (_arn, input) => {
      calls.startExecution.push(input);
      if (left-- > 0) throw error;
      return {};
    },
    sendMessage: async (queueArn, body, attributes) => {
      calls.sendMessage.push({ queueArn, body, ...(attributes ? { attributes } : {}) });
      return {};
    },
    invokeAsync: async (_arn, payload) => {
      calls.invokeAsync.push(payload);
      return {};
    },
  };
  return { services, calls };
}

const rule = (maximumRetryAttempts = 2, maximumEventAgeSeconds = 86400, deadLetter = true): EventRuleSpec => ({
  name: 'imgpipe-uploads',
  arn: 'arn:aws:events:eu-west-1:000000000000:rule/imgpipe-uploads',
  enabled: true,
  pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['uploads'] }, object: { key: [{ wildcard: 'images/*.jpg' }] } } },
  targets: [
    {
      id: 'process',
      arn: smArn,
      kind: 'states',
      inputTransformer: { inputPaths: contractInputPaths, inputTemplate: contractInputTemplate },
      retryPolicy: { maximumRetryAttempts, maximumEventAgeSeconds },
      ...(deadLetter ? { deadLetterArn: dlqArn } : {}),
    },
  ],
});

const upload = (key: string, bucket = 'uploads') =>
  buildS3BusEvent({ bucket, key, eventName: 'ObjectCreated:Put', size: 10, eTag: 'abc', time: new Date(), requestId: 'R', sourceIp: '127.0.0.1' }, { region: 'eu-west-1', accountId: '000000000000' });

describe('the event bus', () => {
  it('delivers a matching event to the state machine with the transformed input, and nothing else', async () => {
    const { services, calls } = fakeServices();
    const bus = new EventBus({ services });
    bus.setRules([rule()]);
    const { matchedRules, settled } = bus.putEvent(upload("images/it's.jpg"));
    expect(matchedRules).toEqual(['imgpipe-uploads']);
    expect(await settled).toEqual([expect.objectContaining({ status: 'delivered', retryAttempts: 0 })]);
    expect(JSON.parse(calls.startExecution[0]!)).toMatchObject({ bucket: 'uploads', key: "images/it's.jpg", versionId: null });

    expect(bus.putEvent(upload('images/a.jpg', 'elsewhere')).matchedRules).toEqual([]);
    expect(bus.putEvent(upload('images/a.png')).matchedRules).toEqual([]);
    expect(calls.startExecution).toHaveLength(1);
  });

  it('retries a failed delivery, then delivers', async () => {
    const { services, calls } = fakeServices(2);
    const bus = new EventBus({ services });
    bus.setRules([rule(2)]);
    expect(await bus.putEvent(upload('images/a.jpg')).settled).toEqual([expect.objectContaining({ status: 'delivered', retryAttempts: 2 })]);
    expect(calls.startExecution).toHaveLength(3);
    expect(calls.sendMessage).toEqual([]);
  });

  it('sends the event to the DLQ with EventBridge\'s attributes once the retries are spent', async () => {
    const { services, calls } = fakeServices(10);
    const bus = new EventBus({ services });
    bus.setRules([rule(2)]);
    const event = upload('images/a.jpg');
    const [outcome] = await bus.putEvent(event).settled;
    expect(outcome).toMatchObject({ status: 'dead-lettered', retryAttempts: 2, exhaustedRetryCondition: 'MaximumRetryAttempts' });
    expect(calls.startExecution).toHaveLength(3);
    expect(calls.sendMessage).toEqual([
      {
        queueArn: dlqArn,
        body: JSON.stringify(event),
        attributes: { RULE_ARN: 'arn:aws:events:eu-west-1:000000000000:rule/imgpipe-uploads', TARGET_ARN: smArn, ERROR_CODE: 'ThrottlingException', ERROR_MESSAGE: 'Rate exceeded', RETRY_ATTEMPTS: '2', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' },
      },
    ]);
  });

  it('stops retrying when the event is older than the maximum event age', async () => {
    const { services, calls } = fakeServices(10);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const bus = new EventBus({ services, now: () => new Date((now += 40_000)) });
    bus.setRules([rule(185, 60)]);
    const [outcome] = await bus.putEvent(upload('images/a.jpg')).settled;
    expect(outcome).toMatchObject({ status: 'dead-lettered', exhaustedRetryCondition: 'MaximumEventAgeInSeconds' });
    expect(calls.startExecution).toHaveLength(2);
    expect(calls.sendMessage[0]?.attributes?.EXHAUSTED_RETRY_CONDITION).toBe('MaximumEventAgeInSeconds');
  });

  it('sends a delivery that cannot succeed (no such state machine) to the DLQ without retrying', async () => {
    const { services, calls } = fakeServices(10, Object.assign(new Error('State Machine Does Not Exist'), { code: 'StateMachineDoesNotExist', retryable: false }));
    const bus = new EventBus({ services });
    bus.setRules([rule(185)]);
    const [outcome] = await bus.putEvent(upload('images/a.jpg')).settled;
    expect(outcome).toMatchObject({ status: 'dead-lettered', retryAttempts: 0 });
    expect(outcome?.exhaustedRetryCondition).toBeUndefined();
    expect(calls.startExecution).toHaveLength(1);
    expect(calls.sendMessage[0]?.attributes).toMatchObject({ ERROR_CODE: 'StateMachineDoesNotExist', RETRY_ATTEMPTS: '0' });
  });

  it('drops the event when the target has no DLQ', async () => {
    const { services, calls } = fakeServices(10);
    const bus = new EventBus({ services });
    bus.setRules([rule(0, 86400, false)]);
    expect(await bus.putEvent(upload('images/a.jpg')).settled).toEqual([expect.objectContaining({ status: 'dropped' })]);
    expect(calls.sendMessage).toEqual([]);
  });

  it('sends the whole event to an SQS target without a transformer, and skips a disabled rule', async () => {
    const { services, calls } = fakeServices();
    const bus = new EventBus({ services });
    const toQueue: EventRuleSpec = { name: 'all', arn: 'arn:aws:events:eu-west-1:000000000000:rule/all', enabled: true, pattern: { source: ['aws.s3'] }, targets: [{ id: 'q', arn: dlqArn, kind: 'sqs', retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 } }] };
    bus.setRules([toQueue, { ...toQueue, name: 'off', enabled: false }]);
    const event = upload('images/a.jpg');
    expect(bus.putEvent(event).matchedRules).toEqual(['all']);
    await new Promise<void>((resolve) => bus.once('idle', resolve));
    expect(calls.sendMessage).toEqual([{ queueArn: dlqArn, body: JSON.stringify(event) }]);
  });

  it('refuses a rule with an unsupported operator when the rules are set, naming the rule', () => {
    const bus = new EventBus({ services: fakeServices().services });
    expect(() => bus.setRules([{ ...rule(), pattern: { detail: { key: [{ 'ends-with': '.jpg' }] } } }])).toThrow('rule imgpipe-uploads.detail.key[0].ends-with: unsupported operator "ends-with"');
  });
});
