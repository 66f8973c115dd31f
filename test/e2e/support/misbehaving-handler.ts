/**
 * A handler wrapper loaded inside the process function's sandbox (KitOptions.handlerWrappers).
 * It misbehaves once per key, remembered in files under KIT_TEST_STATE_DIR so that the second
 * delivery goes through the real handler untouched:
 *   - a record whose key contains `fail-once` is reported as a batch item failure;
 *   - a batch with a record whose key contains `crash-once` runs its other records through the real
 *     handler, then the process exits (a crashed sandbox), whatever the order of the batch;
 *   - a `{bucket, key}` input (Step Functions) whose key contains `transient-once` throws
 *     `ObjectsFailedError`, the process function's retryable failure, so the Task's Retry applies.
 */
import { firstTime } from '../../support/first-time.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
interface SqsRecord {
  messageId: string;
  body: string;
}


export function wrapHandler(real: Handler): Handler {
  return async (event, context) => {
    const key = (event as { key?: unknown } | null)?.key;
    if (typeof key === 'string' && key.includes('transient-once') && firstTime(`transient-${encodeURIComponent(key)}`)) {
      const error = new Error(`${key}: the outputs bucket did not answer (simulated, once)`);
      error.name = 'ObjectsFailedError';
      throw error;
    }
    const records = (event as { Records?: SqsRecord[] }).Records;
    if (!Array.isArray(records) || !records.every((r) => typeof r.body === 'string')) return real(event, context);

    const crashAt = records.findIndex((r) => r.body.includes('crash-once'));
    if (crashAt >= 0 && firstTime(`crash-${records[crashAt]!.messageId}`)) {
      const others = records.filter((_, i) => i !== crashAt);
      if (others.length > 0) await real({ Records: others }, context);
      process.exit(1);
    }

    const failing = records.filter((r) => r.body.includes('fail-once') && firstTime(`fail-${r.messageId}`));
    if (failing.length === 0) return real(event, context);
    const rest = records.filter((r) => !failing.includes(r));
    const reply = (rest.length > 0 ? await real({ Records: rest }, context) : { batchItemFailures: [] }) as { batchItemFailures?: { itemIdentifier: string }[] };
    return { batchItemFailures: [...(reply?.batchItemFailures ?? []), ...failing.map((r) => ({ itemIdentifier: r.messageId }))] };
  };
}
