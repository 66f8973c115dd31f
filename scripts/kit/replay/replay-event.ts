import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { normaliseEvent, type SourcedEvent } from '../../../functions/events/index.js';
import { KitError } from '../errors.js';
import type { BatchOutcome } from '../lambda/event-source-poller.js';
import { peekQueue } from '../run/peek-queue.js';
import type { Kit } from '../start-kit.js';
import { seedObjects } from './seed-objects.js';

/** The one-line JSON `npm run replay` prints last. */
export interface ReplaySummary {
  readonly records: number;
  /** Decoded source keys the function turned into outputs. */
  readonly processed: readonly string[];
  readonly ignored: readonly { readonly key: string | null; readonly reason: string }[];
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
  /** Output keys written during the replay. */
  readonly outputs: readonly string[];
  /** Message ids (as in the captured event) the function reported as failed, or every id of a failed invocation. */
  readonly batchItemFailures: readonly string[];
  /** Messages (captured ids) the function moved to the dead-letter queue at once, with the code and reason they carry. */
  readonly deadLettered: readonly { readonly messageId: string; readonly code: string; readonly reason: string }[];
}

export interface ReplayOptions {
  /** Where the images the event names are looked up by base name. */
  readonly imagesDir: string;
  /** For the function to finish with the event. @default 120000 */
  readonly timeoutMs?: number;
}

function recordCount(event: unknown): number {
  const records = (event as { Records?: unknown[] } | null)?.Records;
  return Array.isArray(records) ? records.length : 1;
}

/** Collects every completed batch from now on; `firstOf` waits for the first batch of each id. */
function collectBatches(kit: Kit): { firstOf: (ids: readonly string[], timeoutMs: number) => Promise<Map<string, BatchOutcome>>; stop: () => void } {
  const batches: BatchOutcome[] = [];
  const waiters = new Set<() => void>();
  const onBatch = (batch: BatchOutcome): void => {
    batches.push(batch);
    for (const waiter of waiters) waiter();
  };
  for (const poller of kit.pollers.values()) poller.on('batch', onBatch);
  const firstOf = (ids: readonly string[], timeoutMs: number): Promise<Map<string, BatchOutcome>> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const seen = new Map<string, BatchOutcome>();
        for (const batch of batches) for (const id of batch.messageIds) if (ids.includes(id) && !seen.has(id)) seen.set(id, batch);
        if (seen.size < ids.length) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(seen);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new KitError('Timeout', `the queue's function did not finish the replayed messages within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { firstOf, stop: () => kit.pollers.forEach((p) => p.off('batch', onBatch)) };
}

/**
 * Delivers a captured event through the path the stack would: SQS-shaped events are sent to the
 * queue the process function's mapping reads (the runner then does what Lambda's poller does);
 * S3, SNS, EventBridge and direct inputs invoke the process function directly. The objects the
 * event names are seeded first (notifications muted, so seeding triggers nothing).
 */
export async function replayEvent(kit: Kit, event: unknown, options: ReplayOptions): Promise<ReplaySummary> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const processFn = kit.plan.functions.find((f) => f.pipelineFunction === 'process');
  if (!processFn) throw new KitError('Replay', 'the stack has no process function (tag pipeline:function = process)');
  const work: SourcedEvent = normaliseEvent(event);

  kit.router.muted = true;
  try {
    await seedObjects(kit.clients.s3, work.items.map((i) => ({ bucket: i.bucket, key: i.key })), options.imagesDir);
  } finally {
    kit.router.muted = false;
  }
  const outputsBucket = processFn.environment.OUTPUT_BUCKET ?? '';
  const outputs: string[] = [];
  const onObject = (e: { bucket: string; key: string; eventName: string }): void => {
    if (e.bucket === outputsBucket && e.eventName.startsWith('ObjectCreated')) outputs.push(e.key);
  };
  kit.emulator.events.on('object', onObject);
  const failedKeys = new Map<string, string>();
  let batchItemFailures: string[] = [];
  const deadLettered: { messageId: string; code: string; reason: string }[] = [];
  try {
    if (work.source === 'sqs') {
      const mapping = kit.plan.eventSourceMappings.find((m) => m.functionName === processFn.name);
      if (!mapping) throw new KitError('Replay', `no event source mapping feeds ${processFn.name}`);
      const records = (event as { Records: { messageId: string; body: string; eventSourceARN?: string }[] }).Records;
      const collector = collectBatches(kit);
      const localToCaptured = new Map<string, string>();
      for (const record of records) {
        const queueName = record.eventSourceARN?.split(':').pop();
        const queue = kit.plan.queues.find((q) => q.name === queueName) ?? kit.plan.queues.find((q) => q.name === mapping.queueName)!;
        const sent = await kit.clients.sqs.send(new SendMessageCommand({ QueueUrl: kit.queueUrl(queue.name), MessageBody: record.body }));
        localToCaptured.set(sent.MessageId ?? '', record.messageId);
      }
      const batches = await collector.firstOf([...localToCaptured.keys()], timeoutMs).finally(collector.stop);
      const failedLocal = new Set([...batches].filter(([id, b]) => b.failedIds.includes(id)).map(([id]) => id));
      batchItemFailures = [...failedLocal].map((id) => localToCaptured.get(id) ?? id);
      // Messages moved by the function carry their original id and the reason as attributes.
      const mappedQueue = kit.plan.queues.find((q) => q.name === mapping.queueName);
      const dlq = kit.plan.queues.find((q) => q.arn === mappedQueue?.redrive?.deadLetterTargetArn);
      if (dlq) {
        for (const message of await peekQueue(kit.clients.sqs, kit.queueUrl(dlq.name))) {
          const captured = localToCaptured.get(message.attributes.SourceMessageId ?? '');
          if (captured !== undefined) deadLettered.push({ messageId: captured, code: message.attributes.ErrorCode ?? '', reason: message.attributes.ErrorMessage ?? '' });
        }
      }
      const failedCaptured = new Set(batchItemFailures);
      const deadCaptured = new Map(deadLettered.map((d) => [d.messageId, d.reason]));
      for (const item of work.items) {
        if (!item.messageId) continue;
        const logged = kit.runner.logs.errorFor(item.key, processFn.name)?.reason;
        if (failedCaptured.has(item.messageId)) failedKeys.set(item.key, logged ?? 'the invocation failed');
        // A moved message's other objects may have succeeded: only those with an error line failed.
        else if (deadCaptured.has(item.messageId) && logged !== undefined) failedKeys.set(item.key, logged);
      }
    } else {
      const result = await kit.runner.invoke(processFn.name, event, 'direct');
      const summary = result.ok ? (result.value as { failed?: { key: string; reason: string }[] } | null) : null;
      for (const f of summary?.failed ?? []) failedKeys.set(f.key, f.reason);
      if (!result.ok) {
        for (const item of work.items) {
          const logged = kit.runner.logs.errorFor(item.key, processFn.name);
          if (logged) failedKeys.set(item.key, logged.reason);
        }
        if (failedKeys.size === 0) for (const item of work.items) failedKeys.set(item.key, `${result.error?.errorType}: ${result.error?.errorMessage}`);
      }
    }
  } finally {
    kit.emulator.events.off('object', onObject);
  }
  return {
    records: recordCount(event),
    processed: work.items.map((i) => i.key).filter((key) => !failedKeys.has(key)),
    ignored: work.ignored.map((i) => ({ key: i.key ?? null, reason: i.reason })),
    failed: [...failedKeys].map(([key, reason]) => ({ key, reason })),
    outputs: [...new Set(outputs)],
    batchItemFailures,
    deadLettered,
  };
}
