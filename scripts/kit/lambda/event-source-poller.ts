import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { EventEmitter } from 'node:events';
import type { EventSourceMappingPlan } from '../terraform/kit-plan.js';
import type { InvocationRecord } from './lambda-runner.js';
import { buildSqsEvent, failedMessageIds } from './sqs-event.js';

export interface BatchOutcome {
  readonly mapping: string;
  readonly functionName: string;
  readonly messageIds: readonly string[];
  readonly bodies: readonly string[];
  readonly receiveCounts: readonly number[];
  /** `succeeded`: all deleted; `partial`: only the reported failures stay; `failed`: nothing deleted. */
  readonly outcome: 'succeeded' | 'partial' | 'failed';
  readonly failedIds: readonly string[];
  readonly invocation: InvocationRecord;
}

export interface PollerEvents {
  batch: [BatchOutcome];
  pollError: [Error];
}

export interface PollerOptions {
  readonly mapping: EventSourceMappingPlan;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly sqs: SQSClient;
  readonly invoke: (event: unknown) => Promise<InvocationRecord>;
  /** Concurrent batches: the mapping's maximum concurrency, capped by the local worker limit. */
  readonly maxConcurrency: number;
  /** Long-poll wait of each receive. @default 20 */
  readonly waitTimeSeconds?: number;
}

/**
 * Lambda's SQS event source mapping: long-polls the queue, gathers a batch (batch size and
 * batching window), invokes the function with up to `maxConcurrency` batches at once, and
 * deletes what succeeded: everything, everything but the reported `batchItemFailures`, or nothing
 * when the invocation failed (crash, timeout, error), so those messages come back after the
 * visibility timeout and the queue's redrive policy moves them to the dead-letter queue.
 */
export class EventSourcePoller extends EventEmitter<PollerEvents> {
  private running = false;
  private abort = new AbortController();
  private inFlight = 0;
  private slotFreed: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly batches = new Set<Promise<void>>();

  constructor(private readonly options: PollerOptions) {
    super();
  }

  get activeBatches(): number {
    return this.inFlight;
  }

  start(): void {
    if (this.running || !this.options.mapping.enabled) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.slotFreed?.();
    await this.loop;
    await Promise.all([...this.batches]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.inFlight >= this.options.maxConcurrency) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      let messages: Message[];
      try {
        messages = await this.gatherBatch();
      } catch (error) {
        if (!this.running) return;
        this.emit('pollError', error as Error);
        continue;
      }
      if (messages.length === 0) continue;
      this.inFlight++;
      const batch = this.process(messages)
        .catch((error: unknown) => void this.emit('pollError', error as Error))
        .finally(() => {
          this.inFlight--;
          this.batches.delete(batch);
          const freed = this.slotFreed;
          this.slotFreed = undefined;
          freed?.();
        });
      this.batches.add(batch);
    }
  }

  private async gatherBatch(): Promise<Message[]> {
    const { batchSize, batchingWindowSeconds } = this.options.mapping;
    const batch: Message[] = [];
    let firstAt = 0;
    const windowEnd = (): number => (batch.length === 0 ? Infinity : firstAt + batchingWindowSeconds * 1000);
    do {
      const remainingWindow = Math.max(0, windowEnd() - Date.now());
      const wait = batch.length === 0 ? (this.options.waitTimeSeconds ?? 20) : Math.min(20, Math.ceil(remainingWindow / 1000));
      const reply = await this.options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
          WaitTimeSeconds: wait,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.abort.signal },
      );
      if (batch.length === 0 && reply.Messages?.length) firstAt = Date.now();
      batch.push(...(reply.Messages ?? []));
    } while (this.running && batchingWindowSeconds > 0 && batch.length > 0 && batch.length < batchSize && Date.now() < windowEnd());
    return batch;
  }

  private async process(messages: Message[]): Promise<void> {
    const { mapping, queueArn, region } = this.options;
    const ids = messages.map((m) => m.MessageId ?? '');
    const invocation = await this.options.invoke(buildSqsEvent(messages, queueArn, region));
    const failed = invocation.ok ? failedMessageIds(invocation.value, ids, mapping.reportBatchItemFailures) : new Set(ids);
    const toDelete = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    for (let i = 0; i < toDelete.length; i += 10) {
      const chunk = toDelete.slice(i, i + 10);
      await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
    this.emit('batch', {
      mapping: mapping.address,
      functionName: mapping.functionName,
      messageIds: ids,
      bodies: messages.map((m) => m.Body ?? ''),
      receiveCounts: messages.map((m) => Number(m.Attributes?.ApproximateReceiveCount ?? 1)),
      outcome: failed.size === 0 ? 'succeeded' : failed.size === ids.length ? 'failed' : 'partial',
      failedIds: [...failed],
      invocation,
    });
  }
}
