import { EventShapeError } from './errors.js';
import { isObject, stringField } from './guards.js';
import { fromPayload, parseJson } from './payload.js';
import type { NormalisedEvent } from './types.js';

/** The fields of an SQS record the normaliser reads (a subset of aws-lambda's SQSRecord). */
export interface SqsRecordLike {
  readonly messageId: string;
  readonly body: string;
}

export function isSqsEvent(event: unknown): event is { Records: SqsRecordLike[] } {
  if (!isObject(event) || !Array.isArray(event.Records) || event.Records.length === 0) return false;
  return event.Records.every((record) => isObject(record) && stringField(record, 'eventSource') === 'aws:sqs');
}

/**
 * The work carried by one SQS message: the body is an S3 event (one message may carry several
 * records), an S3 test event, an SNS envelope around one, or an EventBridge S3 event.
 */
export function normaliseSqsRecord(record: SqsRecordLike): NormalisedEvent {
  if (typeof record.body !== 'string') throw new EventShapeError(`SQS message ${record.messageId} has no body`);
  return fromPayload(parseJson(record.body, `the body of SQS message ${record.messageId}`), record.messageId);
}
