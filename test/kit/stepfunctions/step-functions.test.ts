import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../scripts/kit/eventbridge/s3-events.js';
import type { ExecutionStatusDetail } from '../../../scripts/kit/stepfunctions/execution-record.js';
import type { FunctionInvoker, FunctionResult } from '../../../scripts/kit/stepfunctions/lambda-task.js';
import { StepFunctions } from '../../../scripts/kit/stepfunctions/step-functions.js';
import { contractDefinition } from '../fixtures/eventbridge-stack.js';

const fnArn = 'arn:aws:lambda:eu-west-1:000000000000:function:imgpipe-process';
const smArn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:imgpipe-process';
const input = JSON.stringify({ bucket: 'uploads', key: "images/it's.jpg", size: 10, etag: 'e', versionId: null });

/** A process function fake: answers each call from `answers` in turn (the last one repeats). */
function fakeFunction(...answers: FunctionResult[]) {
  const calls: { name: string; payload: unknown; trigger: string }[] = [];
  const invoker: FunctionInvoker = {
    invoke: async (name, payload, trigger) => {
      calls.push({ name, payload, trigger });
      return answers[Math.min(calls.length - 1, answers.length - 1)]!;
    },
  };
  return { invoker, calls };
}

const processed = { ok: true, value: { ok: true, processed: [{ bucket: 'uploads', key: "images/it's.jpg", outputs: 3 }], failed: [], ignored: [] } };
const badImage = { ok: true, value: { ok: false, processed: [], failed: [{ bucket: 'uploads', key: "images/it's.jpg", code: 'UnsupportedImage', reason: 'not an image: text/plain' }], ignored: [] } };
const transient = { ok: false, error: { errorType: 'ObjectsFailedError', errorMessage: '1 object failed: S3 503', stackTrace: ['ObjectsFailedError: 1 object failed', '    at handler (handler.ts:1:1)'] } };

function stepFunctions(invoker: FunctionInvoker, definition: unknown = contractDefinition(fnArn)) {
  const sfn = new StepFunctions({ region: 'eu-west-1', accountId: '000000000000', functions: invoker, retryIntervalScale: 0.001 });
  const events: BusEvent<ExecutionStatusDetail>[] = [];
  const notes: string[] = [];
  sfn.on('statusChange', (event) => events.push(event));
  sfn.on('note', (note) => notes.push(note));
  sfn.setStateMachines([{ name: 'imgpipe-process', arn: smArn, definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/states' }]);
  return { sfn, events, notes };
}

describe('the contract state machine with a fake process function', () => {
  it('succeeds, calling the function through lambda:invoke with the execution input as the payload', async () => {
    const { invoker, calls } = fakeFunction(processed);
    const { sfn, events } = stepFunctions(invoker);
    const { executionArn, startDate } = sfn.startExecution({ stateMachineArn: smArn, input, name: 'run-1' });
    expect(executionArn).toBe('arn:aws:states:eu-west-1:000000000000:execution:imgpipe-process:run-1');
    const record = await sfn.waitForExecution(executionArn);
    expect(record).toMatchObject({ status: 'SUCCEEDED', name: 'run-1', stateMachineArn: smArn, input, startDate });
    expect(JSON.parse(record.output!)).toEqual(processed.value);
    expect(calls).toEqual([{ name: fnArn, payload: JSON.parse(input), trigger: 'states:imgpipe-process' }]);
    expect(events.map((e) => e.detail.status)).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('fails with the Fail state\'s error and cause when the function answers ok: false', async () => {
    const { sfn } = stepFunctions(fakeFunction(badImage).invoker);
    const record = await sfn.waitForExecution(sfn.startExecution({ stateMachineArn: smArn, input }).executionArn);
    expect(record).toMatchObject({ status: 'FAILED', error: 'UnsupportedImage', cause: 'not an image: text/plain' });
    expect(record.output).toBeUndefined();
  });

  it('retries a transient function error (ObjectsFailedError), then succeeds', async () => {
    const { invoker, calls } = fakeFunction(transient, transient, processed);
    const { sfn } = stepFunctions(invoker);
    const record = await sfn.waitForExecution(sfn.startExecution({ stateMachineArn: smArn, input }).executionArn);
    expect(record.status).toBe('SUCCEEDED');
    expect(calls).toHaveLength(3);
  });

  it('fails with the function\'s error type and Step Functions\' JSON cause once the retries are spent', async () => {
    const { invoker, calls } = fakeFunction(transient);
    const { sfn } = stepFunctions(invoker);
    const record = await sfn.waitForExecution(sfn.startExecution({ stateMachineArn: smArn, input }).executionArn);
    expect(calls).toHaveLength(4); // the first attempt and MaxAttempts 3
    expect(record).toMatchObject({ status: 'FAILED', error: 'ObjectsFailedError' });
    expect(JSON.parse(record.cause!)).toEqual({ errorMessage: '1 object failed: S3 503', errorType: 'ObjectsFailedError', trace: transient.error.stackTrace });
  });

  it('does not retry an error outside the Retry list (caught by States.ALL)', async () => {
    const { invoker, calls } = fakeFunction({ ok: false, error: { errorType: 'TypeError', errorMessage: 'boom' } });
    const { sfn } = stepFunctions(invoker);
    const record = await sfn.waitForExecution(sfn.startExecution({ stateMachineArn: smArn, input }).executionArn);
    expect(calls).toHaveLength(1);
    expect(record).toMatchObject({ status: 'FAILED', error: 'TypeError' });
  });

  it('emits the Execution Status Change event of a failed execution in AWS\'s shape', async () => {
    const { sfn, events } = stepFunctions(fakeFunction(badImage).invoker);
    const { executionArn } = sfn.startExecution({ stateMachineArn: smArn, input, name: 'bad' });
    const record = await sfn.waitForExecution(executionArn);
    expect(events.at(-1)).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'eu-west-1',
      resources: [executionArn],
      detail: {
        executionArn,
        stateMachineArn: smArn,
        name: 'bad',
        status: 'FAILED',
        startDate: record.startDate.getTime(),
        stopDate: record.stopDate!.getTime(),
        input,
        output: null,
        inputDetails: { included: true },
        outputDetails: null,
        error: 'UnsupportedImage',
        cause: 'not an image: text/plain',
      },
    });
  });
});

describe('what the kit refuses or adjusts in a definition', () => {
  const { invoker } = fakeFunction(processed);

  it('refuses QueryLanguage JSONata at the top level, naming the state machine', () => {
    expect(() => stepFunctions(invoker, { ...contractDefinition(fnArn), QueryLanguage: 'JSONata' })).toThrow(/state machine imgpipe-process: QueryLanguage "JSONata" is not supported/);
  });

  it('refuses QueryLanguage JSONata on one state, naming it', () => {
    const definition = contractDefinition(fnArn) as { States: Record<string, Record<string, unknown>> };
    definition.States.Done!.QueryLanguage = 'JSONata';
    expect(() => stepFunctions(invoker, definition)).toThrow(/state machine imgpipe-process: state "Done" sets QueryLanguage "JSONata"/);
  });

  it('refuses a Task that is not a Lambda invocation (the library would call real AWS)', () => {
    const definition = contractDefinition(fnArn) as { States: Record<string, Record<string, unknown>> };
    definition.States.ProcessImage!.Resource = 'arn:aws:states:::sqs:sendMessage';
    expect(() => stepFunctions(invoker, definition)).toThrow(/Task "ProcessImage" uses arn:aws:states:::sqs:sendMessage/);
  });

  it('gives a Task without TimeoutSeconds AWS\'s default instead of the library\'s 60 s, and says so', () => {
    const definition = contractDefinition(fnArn) as { States: Record<string, Record<string, unknown>> };
    delete definition.States.ProcessImage!.TimeoutSeconds;
    const { notes } = stepFunctions(invoker, definition);
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/Task "ProcessImage" sets no TimeoutSeconds; AWS then waits up to 99999999 s/)]));
  });

  it('answers StartExecution errors as the API does', () => {
    const { sfn } = stepFunctions(invoker);
    expect(() => sfn.startExecution({ stateMachineArn: `${smArn}-nope`, input })).toThrow(expect.objectContaining({ code: 'StateMachineDoesNotExist', retryable: false }));
    expect(() => sfn.startExecution({ stateMachineArn: smArn, input: '{"key": ' })).toThrow(expect.objectContaining({ code: 'InvalidExecutionInput' }));
    expect(() => sfn.startExecution({ stateMachineArn: smArn, input, name: 'has space' })).toThrow(expect.objectContaining({ code: 'InvalidName' }));
  });
});
