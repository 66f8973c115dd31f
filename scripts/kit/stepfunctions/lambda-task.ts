import type { TaskState } from './prepare-definition.js';

/** What a function invocation answers: the kit's LambdaRunner `invoke` has this shape. */
export interface FunctionResult {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { readonly errorType: string; readonly errorMessage: string; readonly stackTrace?: readonly string[] };
}

/** Synchronous invocation of a function by name or ARN, provided by the caller (the kit's LambdaRunner). */
export interface FunctionInvoker {
  invoke(functionNameOrArn: string, payload: unknown, trigger: string): Promise<FunctionResult>;
}

/** A Task failure as Step Functions reports it: `name` is the Error, `message` the Cause. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/**
 * The Task handler for one Lambda Task state. `arn:aws:states:::lambda:invoke` takes
 * `{FunctionName, Payload}` and answers `{ExecutedVersion, Payload, StatusCode}` as the optimized
 * integration does; a plain function ARN takes the input as the payload and answers the function's
 * value. A function error fails the Task with the function's errorType as the Error (so Retry on
 * `ObjectsFailedError` or `Sandbox.Timedout` and Catch `States.ALL` apply) and, as the Cause, the
 * JSON `{"errorMessage","errorType","trace"}` Step Functions gives.
 */
export function lambdaTaskHandler(task: TaskState, invoker: FunctionInvoker, trigger: string): (input: unknown) => Promise<unknown> {
  return async (input) => {
    let functionName = task.resource;
    let payload = input;
    if (task.integration === 'lambda:invoke') {
      const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
      if (typeof parameters.FunctionName !== 'string') throw new TaskFailure('States.Runtime', `Task "${task.name}": Parameters.FunctionName must be a string`);
      functionName = parameters.FunctionName;
      payload = parameters.Payload ?? {};
    }
    let result: FunctionResult;
    try {
      result = await invoker.invoke(functionName, payload, trigger);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const type = /not found/i.test(message) ? 'Lambda.ResourceNotFoundException' : 'Lambda.ServiceException';
      throw new TaskFailure(type, message);
    }
    if (!result.ok) {
      const { errorType = 'Error', errorMessage = '', stackTrace } = result.error ?? {};
      throw new TaskFailure(errorType, JSON.stringify({ errorMessage, errorType, ...(stackTrace ? { trace: stackTrace } : {}) }));
    }
    const value = result.value ?? null;
    return task.integration === 'lambda:invoke' ? { ExecutedVersion: '$LATEST', Payload: value, StatusCode: 200 } : value;
  };
}
