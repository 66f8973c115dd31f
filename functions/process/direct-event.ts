import type { IgnoredRecord, SourcedEvent } from '../events/index.js';
import type { ProcessDeps } from './deps.js';
import type { RemainingTime } from './image-time-limit.js';
import { ObjectsFailedError } from './errors.js';
import { logIgnored, processItems, type FailedObject } from './process-items.js';
import type { ProcessedObject } from './process-object.js';

/** The reply to an invocation that did not come from SQS. Step Functions' Choice reads `ok`. */
export interface ProcessSummary {
  readonly ok: boolean;
  readonly processed: readonly ProcessedObject[];
  readonly failed: readonly Pick<FailedObject, 'bucket' | 'key' | 'code' | 'reason'>[];
  readonly ignored: readonly IgnoredRecord[];
}

/**
 * S3, SNS and EventBridge invoke asynchronously: throwing (after processing every object) hands the
 * event to Lambda's retries and then its DLQ or on-failure destination (the queue's dead-letter sink
 * is for queue messages only: an async event has no message to move, and Lambda owns its retries). The `{bucket, key}` input
 * comes from Step Functions: a bad image is answered `ok: false` with its reason (the Fail state
 * shows it), while a transient failure throws so the Task's Retry can apply.
 */
export async function handleDirectEvent(work: SourcedEvent, deps: ProcessDeps, remaining?: RemainingTime): Promise<ProcessSummary> {
  logIgnored(work.ignored, deps);
  const { processed, failed } = await processItems(work.items, deps, remaining);
  const summary: ProcessSummary = {
    ok: failed.length === 0,
    processed,
    failed: failed.map(({ bucket, key, code, reason }) => ({ bucket, key, code, reason })),
    ignored: work.ignored,
  };
  if (failed.length === 0) return summary;
  const retryable = failed.some((failure) => failure.retryable);
  if (work.source === 'direct' && !retryable) return summary;
  throw new ObjectsFailedError(failed);
}
