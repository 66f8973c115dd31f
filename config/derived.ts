import { bytesPerPixelBudget, maxInputPixelsCeiling } from './limits.js';

/** Values the configuration derives from others rather than asking for. */

/** The default pixel ceiling for a function memory size: memory over a per-pixel budget. */
export function maxPixelsForMemory(memoryMb: number): number {
  const budget = Math.floor((memoryMb * 1024 * 1024) / bytesPerPixelBudget);
  return Math.min(budget, maxInputPixelsCeiling);
}

/**
 * Seconds one image may take, for a process function timeout: half of it. The worst file the
 * header checks accept takes under 2 s here, so only a pathology runs this long, and the other
 * half leaves the rest of a batch room to finish or to fail as retryable.
 */
export function imageTimeLimitFor(timeoutSeconds: number): number {
  return Math.max(1, Math.floor(timeoutSeconds / 2));
}

/**
 * The queue's visibility timeout: six times the function timeout plus the batching window (AWS's
 * guidance for Lambda consumers). With the schema's bounds it is at most 6 x 900 + 300 = 5700 s,
 * well within SQS's 43200 s.
 */
export function visibilityTimeoutFor(timeoutSeconds: number, batchingWindowSeconds: number): number {
  return 6 * timeoutSeconds + batchingWindowSeconds;
}

/**
 * The Step Functions Task's timeout: the function's timeout plus 10 s, so that a function that runs
 * out of time fails with Lambda's own `Sandbox.Timedout` (retried), not with `States.Timeout`.
 */
export function taskTimeoutFor(timeoutSeconds: number): number {
  return timeoutSeconds + 10;
}

/**
 * The notify function's timeout: one webhook timeout (a batch's deliveries run concurrently) plus
 * 10 s for reading the secrets and moving a refused delivery to the dead-letter queue.
 */
export function notifyTimeoutFor(webhookTimeoutSeconds: number): number {
  return webhookTimeoutSeconds + 10;
}
