/**
 * The Amazon States Language definition of the "process one object" state machine, as a typed
 * object rendered with JSON.stringify (so tests and the local kit parse it back). JSONPath, the
 * default query language: there is no `QueryLanguage` field.
 */

export interface TaskRetrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
  readonly JitterStrategy: 'FULL' | 'NONE';
}

export interface TaskCatcher {
  readonly ErrorEquals: readonly string[];
  readonly ResultPath: string;
  readonly Next: string;
}

export interface TaskState {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters: Readonly<Record<string, string>>;
  readonly OutputPath: string;
  readonly TimeoutSeconds: number;
  readonly Retry: readonly TaskRetrier[];
  readonly Catch: readonly TaskCatcher[];
  readonly Next: string;
}

export interface ChoiceState {
  readonly Type: 'Choice';
  readonly Choices: readonly { readonly Variable: string; readonly BooleanEquals: boolean; readonly Next: string }[];
  readonly Default: string;
}

export interface SucceedState {
  readonly Type: 'Succeed';
}

export interface FailState {
  readonly Type: 'Fail';
  readonly ErrorPath: string;
  readonly CausePath: string;
}

export type State = TaskState | ChoiceState | SucceedState | FailState;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds: number;
  readonly States: Readonly<Record<string, State>>;
}

export interface ProcessObjectDefinitionOptions {
  /** ARN of the function the Task invokes with the execution input as its payload. */
  readonly functionArn: string;
  /** The Task's own timeout, in seconds: longer than the function's, so Lambda's timeout error is what it sees. */
  readonly taskTimeoutSeconds: number;
  /** Retries of the Task on transient errors, after the first attempt. */
  readonly taskRetries: number;
  /** Error names the function throws when a retry may help (its `errorType`), retried like Lambda's own. @default [] */
  readonly functionRetryableErrors?: readonly string[];
}

/** Lambda's transient faults and its timeout, which a retry can cure (AWS's recommended Retry for lambda:invoke, plus the timeout). */
export const lambdaTransientErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Sandbox.Timedout',
] as const;

const retryIntervalSeconds = 2;
const retryBackoffRate = 2;

/** Names of the states, for those who read executions (the local kit does not depend on them). */
export const stateNames = {
  task: 'ProcessImage',
  choice: 'Processed?',
  done: 'Done',
  badImage: 'BadImage',
  failed: 'ProcessingFailed',
} as const;

/**
 * The execution's overall limit: every attempt running to its timeout, plus the longest backoff
 * between them, plus a minute. Generous on purpose: it only stops an execution stuck outside the Task.
 */
export function executionTimeoutSeconds(options: Pick<ProcessObjectDefinitionOptions, 'taskTimeoutSeconds' | 'taskRetries'>): number {
  const attempts = options.taskRetries + 1;
  const backoff = Array.from({ length: options.taskRetries }, (_, i) => retryIntervalSeconds * retryBackoffRate ** i).reduce((a, b) => a + b, 0);
  return attempts * options.taskTimeoutSeconds + backoff + 60;
}

/**
 * Task (invoke the function with the input `{bucket, key, ...}`) -> Choice on `$.ok` -> Succeed,
 * or Fail with the first failed object's code and reason. A Task error that outlives its retries
 * is caught into a Fail carrying Lambda's error and cause.
 */
export function processObjectDefinition(options: ProcessObjectDefinitionOptions): StateMachineDefinition {
  const task: TaskState = {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: options.functionArn, 'Payload.$': '$' },
    OutputPath: '$.Payload',
    TimeoutSeconds: options.taskTimeoutSeconds,
    Retry: [
      {
        ErrorEquals: [...lambdaTransientErrors, ...(options.functionRetryableErrors ?? [])],
        IntervalSeconds: retryIntervalSeconds,
        MaxAttempts: options.taskRetries,
        BackoffRate: retryBackoffRate,
        JitterStrategy: 'FULL',
      },
    ],
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: stateNames.failed }],
    Next: stateNames.choice,
  };
  return {
    Comment: 'Processes one uploaded object: invoke the process function, then succeed or fail with its reason',
    StartAt: stateNames.task,
    TimeoutSeconds: executionTimeoutSeconds(options),
    States: {
      [stateNames.task]: task,
      [stateNames.choice]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: stateNames.done }],
        Default: stateNames.badImage,
      },
      [stateNames.done]: { Type: 'Succeed' },
      [stateNames.badImage]: { Type: 'Fail', ErrorPath: '$.failed[0].code', CausePath: '$.failed[0].reason' },
      [stateNames.failed]: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
    },
  };
}
