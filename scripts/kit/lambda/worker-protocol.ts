/**
 * Messages between the runner and a function's worker process: Node IPC with `advanced`
 * serialization (structured clone). Events and results are sent as JSON values (`toJsonValue`),
 * so a handler gets exactly what Lambda's JSON hand-over gives it, and the runner what Lambda
 * would return. Node's default `json` IPC carries the same values but is slow for large ones: a
 * 1.5 MB upload's proxy event took about 14 ms from `invoke` to the handler, mostly spent in
 * JSON.stringify of the base64 body (measured here).
 */

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

export type RunnerToWorker = {
  readonly type: 'invoke';
  readonly id: string;
  /** The event as a JSON value. */
  readonly event: unknown;
  readonly context: InvocationContextData;
};

export type WorkerToRunner =
  | { readonly type: 'ready' }
  | { readonly type: 'initError'; readonly error: LambdaErrorPayload }
  /** `value`: the handler's return value as a JSON value (`null` when it returned nothing). */
  | { readonly type: 'result'; readonly id: string; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: string; readonly ok: false; readonly error: LambdaErrorPayload };

/**
 * Written by the sandbox to stdout and to stderr, followed by the request id, after an invocation's
 * handler settles and before its result is sent. Stdout, stderr and the IPC channel reach the runner
 * in no fixed order: the runner settles an invocation once it has the result and both markers, so
 * every line the invocation wrote is captured (and tagged with its request id) before anyone learns
 * the invocation is over.
 */
export const endOfInvocationMarker = '\u001ekit:end-of-invocation:';
