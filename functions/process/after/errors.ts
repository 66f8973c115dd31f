import { ImageProcessingError } from '../../core/errors.js';

export type AfterStepName = 'archive' | 'metadata' | 'notify';

const codes: Record<AfterStepName, string> = { archive: 'ArchiveFailed', metadata: 'MetadataFailed', notify: 'NotifyFailed' };

/**
 * An after-processing step failed. Always retryable: every write is idempotent, so the image is
 * redelivered and done again whole (its outputs are rewritten identically).
 */
export class AfterStepError extends ImageProcessingError {
  override readonly name = 'AfterStepError';
  constructor(
    readonly step: AfterStepName,
    key: string,
    cause: unknown,
  ) {
    super(codes[step], `${key}: the ${step} step failed (${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)})`, true, { cause });
  }
}
