import { parseDestinationRecord } from '../lambda/destination-record.js';
import { decodeS3EventKey } from '../router/s3-key-encoding.js';
import { readEventDeadLetter } from './event-dead-letter.js';
import { deadLetterReason, type PeekedMessage } from './peek-queue.js';

/**
 * How a message reached the dead-letter queue: `function` (moved by the process function at once,
 * the reason in its attributes), `destination` (a Lambda destination record: retries or event age
 * exhausted, the reason the last error in its responsePayload), `redrive` (moved by SQS after
 * maxReceiveCount receives, no reason of its own), `execution` (the failed-executions rule sent a
 * failed, timed-out or aborted execution's status change), `event-target` (EventBridge could not
 * deliver an event to a rule's target: its DLQ message).
 */
export type DeadLetterVia = 'function' | 'destination' | 'redrive' | 'execution' | 'event-target';

export interface DeadLetterMessage {
  /** The decoded source keys the message is about. */
  readonly keys: readonly string[];
  /** Undefined for a redriven message: its reason is in the function's logs. */
  readonly reason?: string;
  readonly via: DeadLetterVia;
}

interface EventLike {
  readonly Records?: readonly { readonly s3?: { readonly object?: { readonly key?: unknown } } }[];
  readonly Message?: unknown;
  readonly key?: unknown;
}

/** The decoded keys an event names: S3 records (URL-encoded keys), inside an SNS envelope too, or a `{bucket, key}` input (key as it is). */
function keysOf(payload: unknown): string[] {
  const event = payload as EventLike | null;
  if (event === null || typeof event !== 'object') return [];
  if (typeof event.Message === 'string') {
    try {
      return keysOf(JSON.parse(event.Message));
    } catch {
      return [];
    }
  }
  if (Array.isArray(event.Records)) {
    return event.Records.flatMap((r) => {
      const key = r.s3?.object?.key;
      if (typeof key !== 'string') return [];
      try {
        return [decodeS3EventKey(key)];
      } catch {
        return [];
      }
    });
  }
  return typeof event.key === 'string' ? [event.key] : [];
}

/** What a dead-letter message says: which uploads it is about, why, and how it got there. */
export function readDeadLetter(message: PeekedMessage): DeadLetterMessage {
  const fromEventBridge = readEventDeadLetter(message);
  if (fromEventBridge) return fromEventBridge;
  const record = parseDestinationRecord(message.body);
  if (record) {
    const error = record.responsePayload;
    const why = error ? [error.errorType, error.errorMessage].filter((part) => part).join(': ') : 'the function never ran';
    const attempts = `${record.requestContext.approximateInvokeCount} attempt${record.requestContext.approximateInvokeCount === 1 ? '' : 's'}`;
    return { keys: keysOf(record.requestPayload), reason: `${why} (${record.requestContext.condition} after ${attempts})`, via: 'destination' };
  }
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    body = undefined;
  }
  const reason = deadLetterReason(message);
  const keys = keysOf(body);
  // The function names the one object it moved; a message that held several names them all.
  const ownKey = message.attributes.SourceKey;
  return { keys: keys.length === 0 && ownKey !== undefined ? [ownKey] : keys, ...(reason !== undefined ? { reason } : {}), via: reason !== undefined ? 'function' : 'redrive' };
}
