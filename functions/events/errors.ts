import type { z } from 'zod';

/**
 * The event is not one of the shapes the process function accepts, or a field in it is malformed.
 * Retrying cannot help; in queue mode the message ends in the dead-letter queue with this reason.
 */
export class EventShapeError extends Error {
  override readonly name = 'EventShapeError';
  readonly code = 'UnrecognisedEvent';
  readonly retryable = false;
  constructor(reason: string) {
    super(`Unrecognised event: ${reason}`);
  }
}

/** `Records[0].s3.object.key` */
function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

/** The first few problems a schema found, on one line: where, and what was wrong. */
export function describeIssues(error: z.ZodError, shown = 3): string {
  const issues = error.issues.slice(0, shown).map((issue) => `${pathOf(issue.path) || '(top level)'}: ${issue.message}`);
  const more = error.issues.length > shown ? `; and ${error.issues.length - shown} more` : '';
  return `${issues.join('; ')}${more}`;
}
