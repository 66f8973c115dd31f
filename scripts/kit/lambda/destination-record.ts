import type { LambdaErrorPayload } from './worker-protocol.js';

/** Why Lambda gave up on an asynchronous event. */
export type DestinationCondition = 'RetriesExhausted' | 'EventAgeExceeded';

/**
 * The invocation record Lambda sends to an on-failure destination (AWS's documented shape: "Example
 * invocation record" in the asynchronous invocation guide). For SQS it is the message body.
 */
export interface DestinationRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    /** The function's ARN with the version that ran: `<arn>:$LATEST`. */
    readonly functionArn: string;
    readonly condition: DestinationCondition;
    readonly approximateInvokeCount: number;
  };
  /** The event as the function received it. */
  readonly requestPayload: unknown;
  /** Absent when the function never ran (an event that aged out before its first attempt). */
  readonly responseContext?: { readonly statusCode: 200; readonly executedVersion: '$LATEST'; readonly functionError: 'Unhandled' };
  /** What the Node.js runtime reports for the last error: `errorType`, `errorMessage`, `trace`. */
  readonly responsePayload?: { readonly errorType: string; readonly errorMessage: string; readonly trace?: readonly string[] };
}

export function destinationRecord(input: {
  readonly requestId: string;
  readonly functionArn: string;
  readonly condition: DestinationCondition;
  readonly invokeCount: number;
  readonly event: unknown;
  readonly lastError?: LambdaErrorPayload;
  readonly at: Date;
}): DestinationRecord {
  const { lastError } = input;
  return {
    version: '1.0',
    timestamp: input.at.toISOString(),
    requestContext: { requestId: input.requestId, functionArn: `${input.functionArn}:$LATEST`, condition: input.condition, approximateInvokeCount: input.invokeCount },
    requestPayload: input.event,
    ...(lastError
      ? {
          // The Node.js runtime reports a thrown error as Unhandled, with its stack as `trace`.
          responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' } as const,
          responsePayload: { errorType: lastError.errorType, errorMessage: lastError.errorMessage, ...(lastError.stackTrace ? { trace: lastError.stackTrace } : {}) },
        }
      : {}),
  };
}

/** A message body that is a Lambda destination record, parsed; undefined for anything else. */
export function parseDestinationRecord(body: string): DestinationRecord | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<DestinationRecord> | null;
    if (parsed?.version !== '1.0' || typeof parsed.requestContext?.condition !== 'string' || !('requestPayload' in parsed)) return undefined;
    return parsed as DestinationRecord;
  } catch {
    return undefined;
  }
}
