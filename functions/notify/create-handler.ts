import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { NotifyDeps } from './deps.js';
import { createNotifyRecordHandler } from './record-handler.js';

export type NotifyHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The notify function: a batch of notify messages through Powertools' partial batch response, so
 * only the deliveries that failed come back. Records run in parallel: each waits on a subscriber,
 * not on the CPU, and one slow subscriber must not hold back the others in the batch.
 */
export function createNotifyHandler(deps: NotifyDeps): NotifyHandler {
  const processor = new BatchProcessor(EventType.SQS, { logger: deps.logger });
  const recordHandler = createNotifyRecordHandler(deps);
  return (event, context) => processPartialResponse(event, recordHandler, processor, { context, processInParallel: true });
}
