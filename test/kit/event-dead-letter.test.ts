import { describe, expect, it } from 'vitest';
import { EventBus } from '../../scripts/kit/eventbridge/event-bus.js';
import { readDeadLetter } from '../../scripts/kit/run/dead-letter-message.js';
import type { PeekedMessage } from '../../scripts/kit/run/peek-queue.js';
import { executionStatusChangeEvent } from '../../scripts/kit/stepfunctions/execution-record.js';

const stateMachineArn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:imgpipe-sfn-dev-process';
const dlqArn = 'arn:aws:sqs:eu-west-1:000000000000:imgpipe-sfn-dev-process-dlq';
const key = "images/2026/12/02/it's a photo+1.jpg";

describe('dead-letter messages EventBridge writes, as the run reads them', () => {
  it("reads a failed execution's status change: the key from its input, the reason from its error and cause", () => {
    const event = executionStatusChangeEvent(
      { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:run-1`, name: 'run-1', stateMachineArn, status: 'FAILED', input: JSON.stringify({ bucket: 'uploads', key }), error: 'CorruptImage', cause: `${key}: the image data is truncated or corrupt`, startDate: new Date(0), stopDate: new Date(1) },
      'eu-west-1',
      '000000000000',
    );
    const message: PeekedMessage = { body: JSON.stringify(event), attributes: {} };

    expect(readDeadLetter(message)).toEqual({ keys: [key], reason: `execution run-1 FAILED: CorruptImage: ${key}: the image data is truncated or corrupt`, via: 'execution' });
  });

  it("reads a rule target's dead-letter message (the S3 event, EventBridge's attributes) as the kit's bus writes it", async () => {
    const sent: PeekedMessage[] = [];
    const bus = new EventBus({
      services: {
        startExecution: () => Promise.reject(Object.assign(new Error('State Machine Does Not Exist'), { code: 'StateMachineDoesNotExist', retryable: false })),
        sendMessage: async (_arn, body, attributes = {}) => void sent.push({ body, attributes: { ...attributes } }),
        invokeAsync: () => Promise.resolve(),
      },
    });
    bus.setRules([
      {
        name: 'imgpipe-sfn-dev-uploads',
        arn: 'arn:aws:events:eu-west-1:000000000000:rule/imgpipe-sfn-dev-uploads',
        pattern: { source: ['aws.s3'] },
        enabled: true,
        targets: [{ id: 'sfn', arn: stateMachineArn, kind: 'states', retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 }, deadLetterArn: dlqArn }],
      },
    ]);
    const event = { version: '0' as const, id: 'e-1', 'detail-type': 'Object Created', source: 'aws.s3', account: '000000000000', time: '2026-12-02T00:00:00Z', region: 'eu-west-1', resources: [], detail: { bucket: { name: 'uploads' }, object: { key, size: 3 } } };
    await bus.putEvent(event).settled;

    expect(sent).toHaveLength(1);
    expect(readDeadLetter(sent[0]!)).toEqual({
      keys: [key],
      reason: 'StateMachineDoesNotExist: State Machine Does Not Exist (rule imgpipe-sfn-dev-uploads could not deliver the event to its target; 0 retries)',
      via: 'event-target',
    });
  });

  it('leaves the function\'s own message and an S3 notification to the other readers', () => {
    const s3Event = { Records: [{ s3: { object: { key: 'images/a+b.jpg' } } }] };
    expect(readDeadLetter({ body: JSON.stringify(s3Event), attributes: { ErrorCode: 'CorruptImage', ErrorMessage: 'truncated' } })).toEqual({ keys: ['images/a b.jpg'], reason: 'CorruptImage: truncated', via: 'function' });
  });
});
