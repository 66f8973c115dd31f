import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EventSourcePoller, receiveBackoffMs, type PollError } from '../../scripts/kit/lambda/event-source-poller.js';
import type { InvocationRecord } from '../../scripts/kit/lambda/lambda-runner.js';
import type { EventSourceMappingPlan } from '../../scripts/kit/terraform/kit-plan.js';

const mapping: EventSourceMappingPlan = {
  address: 'aws_lambda_event_source_mapping.m',
  eventSourceArn: 'arn:aws:sqs:eu-west-1:000000000000:q',
  queueName: 'q',
  functionName: 'f',
  batchSize: 5,
  batchingWindowSeconds: 0,
  reportBatchItemFailures: true,
  enabled: true,
};

const message = (id: string): Message => ({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: '{}', Attributes: { ApproximateReceiveCount: '1' } });
const succeeded = (): Promise<InvocationRecord> =>
  Promise.resolve({ ok: true, value: { batchItemFailures: [] }, requestId: 'r', durationMs: 1, coldStart: false, functionName: 'f', invocationType: 'RequestResponse', trigger: 'test' });

/**
 * An SQS client whose receives answer from a script (a list of messages, or an error to throw),
 * then wait until aborted, as a long poll on an empty queue does.
 */
function scriptedSqs(receives: (Message[] | Error)[], onDelete: (command: DeleteMessageBatchCommand) => unknown = () => ({})): Pick<SQSClient, 'send'> {
  const client = {
    send: async (command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> => {
      if (command instanceof DeleteMessageBatchCommand) return onDelete(command);
      if (!(command instanceof ReceiveMessageCommand)) throw new Error('unexpected command');
      const next = receives.shift();
      if (next instanceof Error) throw next;
      if (next) return { Messages: next };
      return new Promise((_, reject) => options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))));
    },
  };
  return client as unknown as Pick<SQSClient, 'send'>;
}

describe('the event source mapping when SQS fails', () => {
  it('doubles its wait after each consecutive failed receive, up to a ceiling', () => {
    expect([1, 2, 3, 4, 10].map((n) => receiveBackoffMs(n, { initialMs: 100, maxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('reports every failed receive, backs off longer each time, and starts again from the shortest wait after a success', async () => {
    const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'Error' });
    const waits: number[] = [];
    const poller = new EventSourcePoller({
      mapping,
      queueUrl: 'http://q',
      queueArn: mapping.eventSourceArn,
      region: 'eu-west-1',
      sqs: scriptedSqs([refused(), refused(), refused(), [message('m1')], refused()]),
      invoke: succeeded,
      maxConcurrency: 1,
      backoff: { initialMs: 100, maxMs: 10_000 },
      sleep: async (ms) => void waits.push(ms),
    });
    const errors: PollError[] = [];
    poller.on('pollError', (error) => errors.push(error));
    const batch = once(poller, 'batch');
    poller.start();
    await batch;
    while (errors.length < 4) await once(poller, 'pollError');
    await poller.stop();

    expect(errors.map((e) => (e.stage === 'receive' ? [e.consecutive, e.retryInMs] : e.stage))).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
      [1, 100],
    ]);
    expect(errors[0]?.error.message).toContain('ECONNREFUSED');
    expect(waits).toEqual([100, 200, 400, 100]);
  });

  it('reports messages SQS would not delete, which would otherwise run again after the visibility timeout unseen', async () => {
    const poller = new EventSourcePoller({
      mapping,
      queueUrl: 'http://q',
      queueArn: mapping.eventSourceArn,
      region: 'eu-west-1',
      sqs: scriptedSqs([[message('m1'), message('m2')]], () => ({ Successful: [{ Id: '0' }], Failed: [{ Id: '1', Code: 'ReceiptHandleIsInvalid', Message: 'expired', SenderFault: true }] })),
      invoke: succeeded,
      maxConcurrency: 1,
    });
    const failure = once(poller, 'pollError') as Promise<[PollError]>;
    poller.start();
    const [error] = await failure;
    await poller.stop();
    expect(error).toMatchObject({ stage: 'delete', messageIds: ['m2'] });
    expect(error.error.message).toBe('DeleteMessageBatch failed for m2: ReceiptHandleIsInvalid (expired)');
  });
});
