import type { SQSRecord } from 'aws-lambda';
import { normaliseSqsRecord } from '../events/index.js';
import type { ProcessDeps } from './deps.js';
import { ObjectsFailedError } from './errors.js';
import { logIgnored, processItems, type ItemsOutcome } from './process-items.js';

/**
 * Handles one SQS message, never the batch: every object it names is processed, and it throws if
 * any failed, so Powertools reports exactly this message in `batchItemFailures`. An unreadable
 * message throws EventShapeError; SQS redrives it to the DLQ after maxReceiveCount receives.
 */
export function createSqsRecordHandler(deps: ProcessDeps): (record: SQSRecord) => Promise<ItemsOutcome> {
  return async (record) => {
    let work;
    try {
      work = normaliseSqsRecord(record);
    } catch (error) {
      deps.logger.error('unreadable message', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: error as Error,
      });
      throw error;
    }
    logIgnored(work.ignored, deps);
    const outcome = await processItems(work.items, deps);
    if (outcome.failed.length > 0) throw new ObjectsFailedError(outcome.failed);
    return outcome;
  };
}
