import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { outputValue } from '../../scripts/kit/terraform/pipeline-resources.js';
import { drainQueue, fixtureImage } from '../e2e/support/kit-helpers.js';
import { dlqName, putObject, putObjectSilently } from '../e2e/support/state-machine-helpers.js';
import { resourcesOf, synthesizedStack } from './support.js';

/**
 * What the bus cannot deliver is a kit fault, and still goes where AWS would send it: the
 * synthesized state-machine stack with the uploads rule's target pointing at a state machine that
 * does not exist, then without its dead-letter queue.
 */
describe('EventBridge and Step Functions faults', () => {
  let kit: Kit;
  let uploads: string;
  const missingArn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:not-there';

  beforeAll(async () => {
    const tf = synthesizedStack('state-machine');
    const [, target] = Object.entries(resourcesOf(tf, 'aws_cloudwatch_event_target')).find(([name]) => name.startsWith('uploads-rule'))!;
    target.arn = missingArn;
    kit = await startKit({ stack: 'state-machine', tfJson: tf, faultLog: 'silent' });
    uploads = outputValue(kit.plan, 'uploads_bucket_name');
  });
  afterAll(() => kit?.stop());

  it('sends an upload whose execution cannot start to the target\'s DLQ with EventBridge\'s attributes, as a stepfunctions fault', async () => {
    await putObject(kit, uploads, 'images/a.png', fixtureImage('pixel-1x1.png'));
    await kit.waitForIdle();

    expect(kit.faults.all().map((f) => [f.source, f.action])).toEqual([['stepfunctions', expect.stringContaining(`StartExecution of ${missingArn}`)]]);
    expect(kit.faults.all()[0]!.message).toMatch(/^StateMachineDoesNotExist: .*dead-letter queue/);
    const [message, ...others] = await drainQueue(kit, dlqName(kit));
    expect(others).toEqual([]);
    expect(JSON.parse(message!.body)).toMatchObject({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { object: { key: 'images/a.png' } } });
    expect(message!.attributes).toMatchObject({ ERROR_CODE: 'StateMachineDoesNotExist', TARGET_ARN: missingArn, RETRY_ATTEMPTS: '0', RULE_ARN: expect.stringContaining(':rule/') });
    expect(kit.stepFunctions.listExecutions()).toEqual([]);
  });

  it('records an event lost because its DLQ is gone, and a failed execution whose status change cannot reach the DLQ', async () => {
    await kit.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: kit.queueUrl(dlqName(kit)) }));
    const before = kit.faults.all().length;
    await putObject(kit, uploads, 'images/b.png', fixtureImage('pixel-1x1.png'));
    await putObjectSilently(kit, uploads, 'images/bad.jpg', Buffer.from('not an image'));
    const reply = await fetch(kit.executionsUrl!, { method: 'POST', body: JSON.stringify({ key: 'images/bad.jpg' }), headers: { 'Content-Type': 'application/json', 'x-api-key': kit.apiKey! } });
    expect(reply.status).toBe(200);
    await kit.waitForIdle();

    expect(kit.stepFunctions.listExecutions().map((e) => e.status)).toEqual(['FAILED']);
    const faults = kit.faults.all().slice(before);
    // One fault per event: the upload's (StartExecution failed, then its DLQ refused it) and the status change's.
    expect(faults.map((f) => f.source)).toEqual(['eventbridge', 'eventbridge']);
    const lost = faults.find((f) => f.message.endsWith('the event is lost'));
    expect(lost?.action).toMatch(/^dead-letter queue of rule .*-uploads/);
    expect(lost?.message).toMatch(/^delivery failed with StateMachineDoesNotExist: .*the dead-letter queue refused it: .*(QueueDoesNotExist|NonExistentQueue)/);
    expect(faults.find((f) => f.source === 'eventbridge' && f.message.includes('dropped'))?.action).toMatch(/^delivery to .*-process-dlq \(rule .*-failed-executions, target .*, 185 retries\)/);
  });
});
