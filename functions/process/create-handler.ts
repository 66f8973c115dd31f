import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { isSqsEvent, normaliseEvent } from '../events/index.js';
import { missingAfterStepClients } from './after/run-after-steps.js';
import type { ProcessDeps } from './deps.js';
import { handleDirectEvent, type ProcessSummary } from './direct-event.js';
import { createSqsRecordHandler } from './sqs-record-handler.js';

export type ProcessHandler = (event: unknown, context: Context) => Promise<SQSBatchResponse | ProcessSummary>;

/**
 * The process function. SQS batches go through Powertools' partial batch response: the reply lists
 * exactly the messages that failed, and a batch where all fail throws FullBatchFailureError (all
 * return to the queue). Records run one after another: sharp is memory-hungry, and the pixel limit
 * is sized for one decoded image per function. Every other source goes to handleDirectEvent.
 */
export function createProcessHandler(deps: ProcessDeps): ProcessHandler {
  const missing = missingAfterStepClients(deps.settings.after, deps);
  if (missing.length > 0) throw new Error(`the process function's after-processing steps need ${missing.join(' and ')}`);
  const processor = new BatchProcessor(EventType.SQS, { logger: deps.logger });
  const recordHandler = createSqsRecordHandler(deps);
  return async (event, context) => {
    if (isSqsEvent(event)) {
      return processPartialResponse(event as SQSEvent, recordHandler, processor, { context, processInParallel: false });
    }
    return handleDirectEvent(normaliseEvent(event), deps, { event, requestId: context.awsRequestId, remaining: () => context.getRemainingTimeInMillis() });
  };
}
