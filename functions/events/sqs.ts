import { fromPayload } from './payload.js';
import { parseShape } from './parse-shape.js';
import { SqsBatchMarker, SqsRecordShape } from './shapes.js';
import type { NormalisedEvent } from './types.js';

/** The fields of an SQS record the normaliser reads (a subset of aws-lambda's SQSRecord). */
export interface SqsRecordLike {
  readonly messageId: string;
  readonly body: string;
}

/** An SQS batch: every record comes from SQS. Each record's shape is checked when it is normalised. */
export function isSqsEvent(event: unknown): event is { Records: SqsRecordLike[] } {
  return SqsBatchMarker.safeParse(event).success;
}

function nameOf(record: unknown): string {
  const messageId = (record as { messageId?: unknown } | null)?.messageId;
  return typeof messageId === 'string' ? `SQS message ${messageId}` : 'SQS record without a messageId';
}

/**
 * The work carried by one SQS message: the body is an S3 event (one message may carry several
 * records), an S3 test event, an SNS envelope around one, or an EventBridge S3 event. The record
 * is checked against Powertools' SQS record schema first, so a malformed one (no body, a body that
 * is not JSON) is an EventShapeError naming the message.
 */
export function normaliseSqsRecord(record: SqsRecordLike): NormalisedEvent {
  const parsed = parseShape(SqsRecordShape, record, nameOf(record));
  return fromPayload(parsed.body, parsed.messageId);
}
