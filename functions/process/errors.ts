import { ImageProcessingError } from '../core/errors.js';

/** The object named by the event is gone (deleted or overwritten away before processing). */
export class SourceMissingError extends ImageProcessingError {
  override readonly name = 'SourceMissingError';
  constructor(bucket: string, key: string) {
    super('SourceMissing', `${key}: no such object in bucket ${bucket} (deleted before it was processed?)`);
  }
}

/** One SQS message or direct invocation in which some objects failed; each is logged on its own. */
export class ObjectsFailedError extends Error {
  override readonly name = 'ObjectsFailedError';
  constructor(
    readonly failures: readonly { readonly key: string; readonly code: string; readonly reason: string }[],
  ) {
    super(`${failures.length} object(s) failed: ${failures.map((f) => `${f.key} (${f.code}: ${f.reason})`).join('; ')}`);
  }
}
