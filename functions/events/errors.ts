/**
 * The event is not one of the shapes the process function accepts, or a field in it is malformed.
 * Retrying cannot help; in queue mode the message ends in the dead-letter queue.
 */
export class EventShapeError extends Error {
  override readonly name = 'EventShapeError';
  readonly code = 'UnrecognisedEvent';
  readonly retryable = false;
  constructor(reason: string) {
    super(`Unrecognised event: ${reason}`);
  }
}
