import { describe, expect, it } from 'vitest';
import { executionTimeoutSeconds, lambdaTransientErrors, processObjectDefinition, type TaskState } from '../../modules/state-machine/definition.js';

const functionArn = 'arn:aws:lambda:eu-west-1:123456789012:function:p-dev-process';
const parsed = (options: Partial<Parameters<typeof processObjectDefinition>[0]> = {}) =>
  JSON.parse(JSON.stringify(processObjectDefinition({ functionArn, taskTimeoutSeconds: 70, taskRetries: 3, ...options }))) as {
    StartAt: string;
    TimeoutSeconds: number;
    QueryLanguage?: string;
    States: Record<string, Record<string, unknown>>;
  };

/** Follows the definition from StartAt the way Step Functions would for a Task answering `payload`. */
function endStateFor(definition: ReturnType<typeof parsed>, payload: { ok: boolean }): Record<string, unknown> {
  let state = definition.States[definition.StartAt]!;
  for (let hops = 0; hops < 10; hops++) {
    if (state.Type === 'Succeed' || state.Type === 'Fail') return state;
    if (state.Type === 'Task') state = definition.States[state.Next as string]!;
    else if (state.Type === 'Choice') {
      const choices = state.Choices as { Variable: string; BooleanEquals: boolean; Next: string }[];
      const taken = choices.find((choice) => choice.Variable === '$.ok' && choice.BooleanEquals === payload.ok);
      state = definition.States[taken?.Next ?? (state.Default as string)]!;
    } else throw new Error(`unexpected state type ${String(state.Type)}`);
  }
  throw new Error('no end state within 10 transitions');
}

describe('processObjectDefinition (ASL)', () => {
  const definition = parsed({ functionRetryableErrors: ['ObjectsFailedError'] });
  const task = definition.States[definition.StartAt] as unknown as TaskState;

  it('starts with a Task invoking the function with the execution input as payload, its result as output', () => {
    expect(task).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn, 'Payload.$': '$' },
      OutputPath: '$.Payload',
    });
    expect(definition.QueryLanguage).toBeUndefined();
  });

  it('gives the Task the configured timeout, and the execution room for every attempt', () => {
    expect(task.TimeoutSeconds).toBe(70);
    // 4 attempts of 70 s, backoff 2 + 4 + 8 s, one minute of margin.
    expect(definition.TimeoutSeconds).toBe(4 * 70 + 14 + 60);
    expect(executionTimeoutSeconds({ taskTimeoutSeconds: 10, taskRetries: 0 })).toBe(70);
  });

  it("retries Lambda's transient errors, its timeout and the function's retryable error, with full jitter", () => {
    expect(task.Retry).toEqual([
      {
        ErrorEquals: [...lambdaTransientErrors, 'ObjectsFailedError'],
        IntervalSeconds: 2,
        MaxAttempts: 3,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      },
    ]);
    expect(task.Retry[0]?.ErrorEquals).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'Sandbox.Timedout']));
    expect(parsed({ taskRetries: 0 }).States.ProcessImage?.Retry).toMatchObject([{ MaxAttempts: 0 }]);
  });

  it('catches every other error into a Fail state carrying its error and cause', () => {
    expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: expect.any(String) }]);
    expect(definition.States[task.Catch[0]!.Next]).toEqual({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  it('succeeds when the function answers ok: true', () => {
    expect(endStateFor(definition, { ok: true })).toEqual({ Type: 'Succeed' });
  });

  it("fails with the first failed object's code and reason when it answers ok: false", () => {
    expect(endStateFor(definition, { ok: false })).toEqual({ Type: 'Fail', ErrorPath: '$.failed[0].code', CausePath: '$.failed[0].reason' });
  });

  it('names only states that exist', () => {
    const names = new Set(Object.keys(definition.States));
    const targets = Object.values(definition.States).flatMap((state) => [
      state.Next,
      state.Default,
      ...((state.Choices as { Next: string }[] | undefined) ?? []).map((choice) => choice.Next),
      ...((state.Catch as { Next: string }[] | undefined) ?? []).map((catcher) => catcher.Next),
    ]);
    for (const target of targets.filter((t) => t !== undefined)) expect(names.has(target as string), String(target)).toBe(true);
    expect(names.has(definition.StartAt)).toBe(true);
  });
});
