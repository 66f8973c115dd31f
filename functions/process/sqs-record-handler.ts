import type { Context, SQSRecord } from 'aws-lambda';
import { normaliseSqsRecord } from '../events/index.js';
import { describeError } from '../shared/describe-error.js';
import { deadLetterAttributes, type DeadLetterReason, type DeadLetterSink } from './dead-letter.js';
import type { ProcessDeps } from './deps.js';
import { ObjectsFailedError } from './errors.js';
import { logIgnored, processItems, type ItemsOutcome } from './process-items.js';

export interface RecordOutcome extends ItemsOutcome {
  /** Set when the message was moved to the dead-letter queue instead of being retried. */
  readonly deadLettered?: DeadLetterReason;
}

/**
 * Handles one SQS message, never the batch: every object it names is processed. When every failure
 * is one no retry can fix (a bad image, a missing source, an unreadable message) and a dead-letter
 * sink is configured, the message is sent there at once with the reason as attributes and counts as
 * handled, so Powertools deletes it. Otherwise it throws, Powertools reports it in
 * `batchItemFailures`, and SQS redelivers it (to the DLQ by redrive after maxReceiveCount).
 */
export function createSqsRecordHandler(deps: ProcessDeps): (record: SQSRecord, context?: Context) => Promise<RecordOutcome> {
  const moveToDeadLetter = async (sink: DeadLetterSink, record: SQSRecord, reason: DeadLetterReason): Promise<DeadLetterReason> => {
    const receiveCount = record.attributes?.ApproximateReceiveCount;
    const attributes = deadLetterAttributes(reason, { messageId: record.messageId, ...(receiveCount !== undefined && { receiveCount }) }, new Date());
    try {
      await sink.send({ body: record.body, attributes });
    } catch (error) {
      // Rethrown: the message stays in the queue and is retried (then redriven after maxReceiveCount).
      deps.logger.error('could not move to dead-letter queue', { messageId: record.messageId, ...(reason.key !== undefined && { key: reason.key }), code: reason.code, error: error as Error });
      throw error;
    }
    deps.logger.warn('moved to dead-letter queue', {
      messageId: record.messageId,
      ...(reason.bucket !== undefined && { bucket: reason.bucket }),
      ...(reason.key !== undefined && { key: reason.key }),
      code: reason.code,
      reason: reason.reason,
      receiveCount,
    });
    return reason;
  };

  return async (record, context) => {
    let work;
    try {
      work = normaliseSqsRecord(record);
    } catch (error) {
      deps.logger.error('unreadable message', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: error as Error,
      });
      const description = describeError(error);
      if (deps.deadLetter === undefined || description.retryable) throw error;
      const deadLettered = await moveToDeadLetter(deps.deadLetter, record, { code: description.code, reason: description.reason });
      return { processed: [], failed: [], deadLettered };
    }
    logIgnored(work.ignored, deps);
    const outcome = await processItems(work.items, deps, context && (() => context.getRemainingTimeInMillis()));
    const [first] = outcome.failed;
    if (first === undefined) return outcome;
    if (deps.deadLetter === undefined || outcome.failed.some((failure) => failure.retryable)) throw new ObjectsFailedError(outcome.failed);
    // One failure: its own message (it names the key); several: every key with its code and reason.
    const reason = outcome.failed.length === 1 ? first.reason : new ObjectsFailedError(outcome.failed).message;
    const deadLettered = await moveToDeadLetter(deps.deadLetter, record, { code: first.code, reason, bucket: first.bucket, key: first.key });
    return { ...outcome, deadLettered };
  };
}
