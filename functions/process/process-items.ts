import type { IgnoredRecord, WorkItem } from '../events/index.js';
import { describeError, type ErrorDescription } from '../shared/describe-error.js';
import type { ProcessDeps } from './deps.js';
import type { RemainingTime } from './image-time-limit.js';
import { processObject, type ProcessedObject } from './process-object.js';

export interface FailedObject extends ErrorDescription {
  readonly bucket: string;
  readonly key: string;
}

export interface ItemsOutcome {
  readonly processed: readonly ProcessedObject[];
  readonly failed: readonly FailedObject[];
}

export function logIgnored(ignored: readonly IgnoredRecord[], deps: ProcessDeps): void {
  for (const record of ignored) deps.logger.info('ignored', { ...record });
}

/**
 * Processes items one at a time (sharp holds a decoded image per item; one at a time keeps the peak
 * to one image, which is what the pixel limit was sized for). A failure does not stop the others;
 * each is logged with its key, code and reason.
 */
export async function processItems(items: readonly WorkItem[], deps: ProcessDeps, remaining?: RemainingTime): Promise<ItemsOutcome> {
  const processed: ProcessedObject[] = [];
  const failed: FailedObject[] = [];
  for (const item of items) {
    try {
      processed.push(await processObject(item, deps, remaining));
    } catch (error) {
      const description = describeError(error);
      failed.push({ bucket: item.bucket, key: item.key, ...description });
      deps.logger.error('failed', {
        bucket: item.bucket,
        key: item.key,
        ...(item.messageId !== undefined && { messageId: item.messageId }),
        ...description,
        error: error as Error,
      });
    }
  }
  return { processed, failed };
}
