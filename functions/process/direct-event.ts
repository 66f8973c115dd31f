import type { IgnoredRecord, SourcedEvent } from '../events/index.js';
import type { ProcessDeps } from './deps.js';
import { moveDirectFailures } from './direct-dead-letter.js';
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

/** The invocation around a direct event: the raw event (for the dead-letter body), its request id, its clock. */
export interface DirectInvocation {
  readonly event?: unknown;
  readonly requestId?: string;
  readonly remaining?: RemainingTime;
}

/**
 * S3, SNS and EventBridge invoke asynchronously: throwing (after processing every object) hands the
 * event to Lambda's retries and then its on-failure destination. For S3 with a dead-letter sink
 * (DEAD_LETTER_QUEUE_URL), a failure no retry can fix (a bad image) is moved to the dead-letter
 * queue at once with its reason instead, and the invocation succeeds: retrying it would only fail
 * again. When any failure is retryable, nothing is moved and the whole event is thrown, as a queue
 * message with a retryable failure is retried whole. The `{bucket, key}` input comes from Step
 * Functions: a bad image is answered `ok: false` with its reason (the Fail state shows it), while a
 * transient failure throws so the Task's Retry can apply.
 */
export async function handleDirectEvent(work: SourcedEvent, deps: ProcessDeps, invocation: DirectInvocation = {}): Promise<ProcessSummary> {
  logIgnored(work.ignored, deps);
  const { processed, failed } = await processItems(work.items, deps, invocation.remaining);
  const summary: ProcessSummary = {
    ok: failed.length === 0,
    processed,
    failed: failed.map(({ bucket, key, code, reason }) => ({ bucket, key, code, reason })),
    ignored: work.ignored,
  };
  if (failed.length === 0) return summary;
  if (failed.some((failure) => failure.retryable)) throw new ObjectsFailedError(failed);
  if (work.source === 'direct') return summary;
  if (work.source === 's3' && deps.deadLetter !== undefined) {
    await moveDirectFailures(deps.deadLetter, invocation.event, failed, invocation.requestId, deps.logger);
    return summary;
  }
  throw new ObjectsFailedError(failed);
}
