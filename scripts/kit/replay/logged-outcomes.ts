import type { LogLine } from '../lambda/log-store.js';

/** One object as the process function's log told it: `processed`, `failed` (with its reason) or `ignored` (with why). */
export interface LoggedOutcome {
  readonly outcome: 'processed' | 'failed' | 'ignored';
  /** The decoded key the function worked on; absent for a record without one (a test event). */
  readonly key?: string;
  readonly reason?: string;
  /** The SQS message that carried it, when it came through the queue. */
  readonly messageId?: string;
}

const outcomes = new Set(['processed', 'failed', 'ignored']);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * What the function said it did with each object, in log order, from its JSON log lines of the
 * given invocations: the replay reports the function's own account, not a second reading of the event.
 */
export function loggedOutcomes(lines: readonly LogLine[], functionName: string, requestIds: ReadonlySet<string>): LoggedOutcome[] {
  const found: LoggedOutcome[] = [];
  for (const line of lines) {
    if (line.functionName !== functionName || line.requestId === undefined || !requestIds.has(line.requestId)) continue;
    const message = text(line.json?.message);
    if (!line.json || message === undefined || !outcomes.has(message)) continue;
    const { key, reason, messageId } = line.json;
    found.push({
      outcome: message as LoggedOutcome['outcome'],
      ...(text(key) !== undefined ? { key: text(key)! } : {}),
      ...(text(reason) !== undefined ? { reason: text(reason)! } : {}),
      ...(text(messageId) !== undefined ? { messageId: text(messageId)! } : {}),
    });
  }
  return found;
}
