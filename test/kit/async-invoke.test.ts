import { afterEach, describe, expect, it } from 'vitest';
import type { DestinationRecord } from '../../scripts/kit/lambda/destination-record.js';
import { LambdaRunner, type InvocationRecord, type RunnerOptions } from '../../scripts/kit/lambda/lambda-runner.js';
import type { WorkerSpec } from '../../scripts/kit/lambda/lambda-worker.js';
import { repoRoot } from './support.js';

const functionArn = 'arn:aws:lambda:eu-west-1:000000000000:function:behaviours';
const dlqArn = 'arn:aws:sqs:eu-west-1:000000000000:behaviours-dlq';
const spec: WorkerSpec = {
  functionName: 'behaviours',
  functionArn,
  entry: new URL('./fixtures/handlers/behaviours.ts', import.meta.url).pathname,
  exportName: 'handler',
  memoryMb: 256,
  timeoutSeconds: 5,
  env: { PATH: process.env.PATH ?? '' },
  cwd: repoRoot,
};

describe('asynchronous invocation (S3 -> Lambda) in the runner', () => {
  let runner: LambdaRunner;
  let sent: { arn: string; record: DestinationRecord }[];
  let invocations: InvocationRecord[];

  function start(options: Partial<RunnerOptions> = {}): LambdaRunner {
    sent = [];
    invocations = [];
    runner = new LambdaRunner({
      maxWorkersPerFunction: 1,
      sendToDestination: async (arn, record) => void sent.push({ arn, record }),
      ...options,
    });
    runner.register(spec);
    runner.on('invocation', (record) => invocations.push(record));
    return runner;
  }
  afterEach(() => runner.stop());

  it('retries a failing event twice by default, with the same request id, until it succeeds', async () => {
    start();
    const accepted = await runner.invokeAsync('behaviours', { do: 'fail-times', id: 'a', times: 2 }, 'test');
    const outcome = await accepted.settled;
    expect(outcome).toMatchObject({ result: 'succeeded', requestId: accepted.requestId });
    expect(invocations.map((i) => [i.ok, i.requestId, i.invocationType])).toEqual([
      [false, accepted.requestId, 'Event'],
      [false, accepted.requestId, 'Event'],
      [true, accepted.requestId, 'Event'],
    ]);
    expect(sent).toEqual([]);
  });

  it('after retries+1 failed attempts, sends the destination record in AWS shape to the on-failure destination', async () => {
    start();
    runner.configureAsync('behaviours', { maximumRetryAttempts: 1, maximumEventAgeSeconds: 3600, onFailureDestination: dlqArn });
    const event = { do: 'throw', note: 'always fails' };
    const accepted = await runner.invokeAsync(functionArn, event, 'test');
    const outcome = await accepted.settled;

    expect(invocations).toHaveLength(2);
    expect(outcome).toMatchObject({ result: 'destination', condition: 'RetriesExhausted' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.arn).toBe(dlqArn);
    expect(sent[0]?.record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: { requestId: accepted.requestId, functionArn: `${functionArn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 2 },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'TypeError', errorMessage: 'bad input', trace: expect.arrayContaining([expect.stringContaining('behaviours.ts')]) },
    });
  });

  it('runs once and gives up at once with zero retries', async () => {
    start();
    runner.configureAsync('behaviours', { maximumRetryAttempts: 0, maximumEventAgeSeconds: 3600, onFailureDestination: dlqArn });
    const outcome = await (await runner.invokeAsync('behaviours', { do: 'throw' }, 'test')).settled;
    expect(invocations).toHaveLength(1);
    expect(sent.map((s) => s.record.requestContext.approximateInvokeCount)).toEqual([1]);
    expect(outcome.result).toBe('destination');
  });

  it('does not run an event again once it is older than the maximum event age: EventAgeExceeded', async () => {
    let now = 1_000_000;
    start({ now: () => now });
    runner.configureAsync('behaviours', { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60, onFailureDestination: dlqArn });
    // The first attempt takes (on this clock) past the event's maximum age.
    runner.once('invocation', () => void (now += 61_000));
    const outcome = await (await runner.invokeAsync('behaviours', { do: 'fail-times', id: 'aged', times: 1 }, 'test')).settled;

    expect(invocations).toHaveLength(1);
    expect(outcome).toMatchObject({ result: 'destination', condition: 'EventAgeExceeded' });
    expect(sent[0]?.record.requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
    expect(sent[0]?.record.responsePayload).toMatchObject({ errorType: 'Error', errorMessage: 'transient failure 1 of 1' });
  });

  it('drops the event when there is no on-failure destination, as Lambda does', async () => {
    start();
    const outcome = await (await runner.invokeAsync('behaviours', { do: 'throw' }, 'test')).settled;
    expect(invocations).toHaveLength(3);
    expect(outcome).toMatchObject({ result: 'dropped', condition: 'RetriesExhausted' });
    expect(sent).toEqual([]);
  });

  it('reports a destination record it could not deliver as an async error', async () => {
    start({ sendToDestination: async () => Promise.reject(new Error('queue is gone')) });
    runner.configureAsync('behaviours', { maximumRetryAttempts: 0, maximumEventAgeSeconds: 3600, onFailureDestination: dlqArn });
    const errors: string[] = [];
    runner.on('asyncError', ({ error }) => errors.push(error.message));
    const outcome = await (await runner.invokeAsync('behaviours', { do: 'throw' }, 'test')).settled;
    expect(outcome.result).toBe('error');
    expect(errors).toEqual(['queue is gone']);
  });

  it('refuses a function that does not exist at once', async () => {
    start();
    await expect(runner.invokeAsync('no-such-function', {}, 'test')).rejects.toThrow(/Function not found/);
  });
});
