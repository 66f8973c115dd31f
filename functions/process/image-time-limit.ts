import type { TimeLimit } from '../core/index.js';

/** What the invocation can tell about its time: Lambda's `context.getRemainingTimeInMillis`. */
export type RemainingTime = () => number;

/**
 * The time limit for the next image: the spec's per-image limit when the invocation has that much
 * left after a reserve for writing the outputs or moving the message to the dead-letter queue
 * (then running past it means the image is too costly); otherwise what is left, and running past
 * that only means this invocation was too short (retried). Without a clock (the CLI, tests), the
 * spec's limit.
 */
export function imageTimeLimit(imageTimeLimitSeconds: number, remaining?: RemainingTime): TimeLimit {
  const budget = imageTimeLimitSeconds * 1000;
  if (remaining === undefined) return { ms: budget, conclusive: true };
  const reserve = Math.min(5_000, budget / 2);
  const available = remaining() - reserve;
  return available >= budget ? { ms: budget, conclusive: true } : { ms: Math.max(0, available), conclusive: false };
}
