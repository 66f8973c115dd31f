import { describe, expect, it } from 'vitest';
import { EventBus, type TargetServices } from '../../../scripts/kit/eventbridge/event-bus.js';
import { buildS3BusEvent } from '../../../scripts/kit/eventbridge/s3-events.js';
import type { FunctionResult } from '../../../scripts/kit/stepfunctions/lambda-task.js';
import { StepFunctions } from '../../../scripts/kit/stepfunctions/step-functions.js';
import { loadPlan } from '../../../scripts/kit/terraform/load-plan.js';
import { eventBridgeStack } from '../fixtures/eventbridge-stack.js';
import { repoRoot, testEnv } from '../support.js';

/**
 * The wiring start-kit will do, on the contract's stack: S3 event -> uploads rule -> transformer ->
 * StartExecution; each execution status change -> the bus -> the failed-executions rule -> the DLQ.
 */
function wire(answer: FunctionResult) {
  const plan = loadPlan(eventBridgeStack(), { stack: 'eb', repoRoot, env: testEnv });
  const payloads: unknown[] = [];
  const dlq: { queueArn: string; body: string; attributes?: Readonly<Record<string, string>> }[] = [];
  const stepFunctions = new StepFunctions({ region: plan.region, accountId: plan.accountId, retryIntervalScale: 0.001, functions: { invoke: async (_name, payload) => (payloads.push(payload), answer) } });
  const services: TargetServices = {
    startExecution: async (stateMachineArn, input) => stepFunctions.startExecution({ stateMachineArn, input }),
    sendMessage: async (queueArn, body, attributes) => void dlq.push({ queueArn, body, ...(attributes ? { attributes } : {}) }),
    invokeAsync: async () => undefined,
  };
  const bus = new EventBus({ services });
  bus.setRules(plan.eventRules);
  stepFunctions.setStateMachines(plan.stateMachines);
  stepFunctions.on('statusChange', (event) => bus.putEvent(event));
  const upload = (key: string, bucket = 'imgpipe-eb-uploads') =>
    buildS3BusEvent({ bucket, key, eventName: 'ObjectCreated:Put', size: 10, eTag: 'abc', time: new Date(), requestId: 'R', sourceIp: '127.0.0.1' }, { region: plan.region, accountId: plan.accountId });
  return { plan, bus, stepFunctions, payloads, dlq, upload };
}

describe('bus and state machine wired from the contract stack', () => {
  it('runs an upload to a succeeded execution, with nothing in the DLQ', async () => {
    const { bus, stepFunctions, payloads, dlq, upload } = wire({ ok: true, value: { ok: true, processed: [], failed: [], ignored: [] } });
    expect(bus.putEvent(upload("images/o'brien é.jpg")).matchedRules).toEqual(['imgpipe-eb-uploads']);
    await new Promise<void>((resolve) => stepFunctions.once('idle', resolve));
    expect(stepFunctions.listExecutions().map((e) => e.status)).toEqual(['SUCCEEDED']);
    expect(payloads).toEqual([{ bucket: 'imgpipe-eb-uploads', key: "images/o'brien é.jpg", size: 10, etag: 'abc', versionId: null }]);
    expect(dlq).toEqual([]);
  });

  it('sends a failed execution\'s status change event to the DLQ through the failed-executions rule', async () => {
    const { bus, stepFunctions, dlq, upload } = wire({ ok: true, value: { ok: false, processed: [], failed: [{ bucket: 'b', key: 'images/a.jpg', code: 'CorruptImage', reason: 'truncated JPEG' }], ignored: [] } });
    bus.putEvent(upload('images/a.jpg'));
    await new Promise<void>((resolve) => stepFunctions.once('idle', resolve));
    await new Promise<void>((resolve) => (bus.active === 0 ? resolve() : bus.once('idle', resolve)));
    expect(dlq).toHaveLength(1);
    const event = JSON.parse(dlq[0]!.body) as { 'detail-type': string; detail: { status: string; error: string; cause: string } };
    expect(dlq[0]!.queueArn).toBe('arn:aws:sqs:eu-west-1:000000000000:imgpipe-eb-process-dlq');
    expect(event['detail-type']).toBe('Step Functions Execution Status Change');
    expect(event.detail).toMatchObject({ status: 'FAILED', error: 'CorruptImage', cause: 'truncated JPEG' });
  });

  it('starts nothing for another bucket, another suffix or a deleted object', () => {
    const { bus, stepFunctions, upload, plan } = wire({ ok: true, value: { ok: true } });
    expect(bus.putEvent(upload('images/a.jpg', 'elsewhere')).matchedRules).toEqual([]);
    expect(bus.putEvent(upload('images/a.gif')).matchedRules).toEqual([]);
    const deleted = buildS3BusEvent({ bucket: 'imgpipe-eb-uploads', key: 'images/a.jpg', eventName: 'ObjectRemoved:Delete', time: new Date(), requestId: 'R', sourceIp: '127.0.0.1' }, { region: plan.region, accountId: plan.accountId });
    expect(bus.putEvent(deleted).matchedRules).toEqual([]);
    expect(stepFunctions.listExecutions()).toEqual([]);
  });
});
