import type { EventEmitter } from 'node:events';
import { afterStepsComplete, type AfterStepsResult } from './after-steps-check.js';

/**
 * Checks an image's after-processing steps until a processed image has all of them, the pipeline is
 * quiet (nothing running or queued: what is missing then will not come) or the deadline passes. A
 * failed image is checked once (it must have none).
 */
export async function waitForAfterSteps(
  check: () => Promise<AfterStepsResult>,
  options: { processed: boolean; deadlineAt: number; isQuiet?: () => Promise<boolean>; activity?: EventEmitter<{ activity: [] }> },
): Promise<AfterStepsResult> {
  for (;;) {
    const result = await check();
    if (!options.processed || afterStepsComplete(result) || Date.now() >= options.deadlineAt) return result;
    // Quiet: a last look, as the last delivery may have ended between the check and now.
    if (options.isQuiet && (await options.isQuiet())) return check();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, Math.min(200, options.deadlineAt - Date.now())));
      function done(): void {
        clearTimeout(timer);
        options.activity?.off('activity', done);
        resolve();
      }
      options.activity?.once('activity', done);
    });
  }
}
