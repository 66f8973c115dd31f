/** Messages between the runner and a function's worker process (Node IPC). */

export interface InvocationContextData {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Epoch milliseconds when the invocation times out. */
  readonly deadlineMs: number;
}

export interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: readonly string[];
}

export type RunnerToWorker = { readonly type: 'invoke'; readonly id: string; readonly event: unknown; readonly context: InvocationContextData };

export type WorkerToRunner =
  | { readonly type: 'ready' }
  | { readonly type: 'initError'; readonly error: LambdaErrorPayload }
  | { readonly type: 'result'; readonly id: string; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: string; readonly ok: false; readonly error: LambdaErrorPayload };
