/**
 * A handler wrapper loaded inside the process function's sandbox (KitOptions.handlerWrappers) for
 * the `{bucket, key}` input Step Functions sends: the first invocation for a key containing
 * `transient-once` throws `ObjectsFailedError`, the error the process function throws for a
 * retryable failure (so the Task's Retry applies); later ones run the real handler. Remembered in
 * files under KIT_TEST_STATE_DIR, as the sandbox may be another process next time.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function firstTime(marker: string): boolean {
  const path = join(process.env.KIT_TEST_STATE_DIR ?? '/tmp', marker);
  if (existsSync(path)) return false;
  writeFileSync(path, '');
  return true;
}

export function wrapHandler(real: Handler): Handler {
  return async (event, context) => {
    const key = (event as { key?: unknown } | null)?.key;
    if (typeof key === 'string' && key.includes('transient-once') && firstTime(`transient-${encodeURIComponent(key)}`)) {
      const error = new Error(`${key}: the outputs bucket did not answer (simulated, once)`);
      error.name = 'ObjectsFailedError';
      throw error;
    }
    return real(event, context);
  };
}
