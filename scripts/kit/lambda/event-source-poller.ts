import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventSourceMappingPlan } from '../terraform/kit-plan.js';
import type { InvocationRecord } from './lambda-runner.js';
import { buildSqsEvent, failedMessageIds } from './sqs-event.js';

export interface BatchOutcome {
  readonly mapping: string;
  readonly functionName: string;
  readonly messageIds: readonly string[];
  /** Receipt handles of this receive, by position; the failed ones stay valid until their visibility timeout ends. */
  readonly receiptHandles: readonly string[];
  readonly bodies: readonly string[];
  readonly receiveCounts: readonly number[];
  /** `succeeded`: all deleted; `partial`: only the reported failures stay; `failed`: nothing deleted. */
  readonly outcome: 'succeeded' | 'partial' | 'failed';
  readonly failedIds: readonly string[];
  readonly invocation: InvocationRecord;
}

/**
 * A failure of the mapping itself (not of the function): a receive (retried after `retryInMs`,
 * longer after each consecutive failure), a delete of processed messages (they come back after the
 * visibility timeout and run again), or a batch the runner could not invoke at all.
 */
export type PollError =
  | { readonly stage: 'receive'; readonly error: Error; readonly consecutive: number; readonly retryInMs: number }
  | { readonly stage: 'delete' | 'invoke'; readonly error: Error; readonly messageIds: readonly string[] };

export interface PollerEvents {
  batch: [BatchOutcome];
  /** A batch is over and its slot free (after its `batch` event, or its `pollError`): `activeBatches` counts it no more. */
  settled: [];
  pollError: [PollError];
}

/** How long to wait before the next receive after `consecutive` failed ones: doubling from `initialMs` up to `maxMs`. */
export function receiveBackoffMs(consecutive: number, backoff: ReceiveBackoff = {}): number {
  const initialMs = backoff.initialMs ?? 200;
  const maxMs = backoff.maxMs ?? 10_000;
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, consecutive - 1));
}

export interface ReceiveBackoff {
  /** Wait after the first failed receive. @default 200 */
  readonly initialMs?: number;
  /** Longest wait between receives. @default 10000 */
  readonly maxMs?: number;
}

export interface PollerOptions {
  readonly mapping: EventSourceMappingPlan;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly invoke: (event: unknown) => Promise<InvocationRecord>;
  /** Concurrent batches: the mapping's maximum concurrency, capped by the local worker limit. */
  readonly maxConcurrency: number;
  /** Long-poll wait of each receive. @default 20 */
  readonly waitTimeSeconds?: number;
  readonly backoff?: ReceiveBackoff;
  /** Waits between failed receives; resolves early (or rejects) when `signal` aborts. @default timers/promises setTimeout */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
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
  private failedReceives = 0;

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
        this.failedReceives = 0;
      } catch (error) {
        if (!this.running) return;
        await this.backOff(error);
        continue;
      }
      if (messages.length === 0) continue;
      this.inFlight++;
      const batch = this.process(messages)
        // A listener of `batch` that throws: reported, so that the loop and its slot survive it.
        .catch((error: unknown) => void this.emit('pollError', { stage: 'invoke', error: asError(error), messageIds: messages.map((m) => m.MessageId ?? '') }))
        .finally(() => {
          this.inFlight--;
          this.batches.delete(batch);
          const freed = this.slotFreed;
          this.slotFreed = undefined;
          freed?.();
          this.emit('settled');
        });
      this.batches.add(batch);
    }
  }

  /** Reports a failed receive and waits before the next, longer after each consecutive failure (a stopped queue must not spin). */
  private async backOff(error: unknown): Promise<void> {
    this.failedReceives++;
    const retryInMs = receiveBackoffMs(this.failedReceives, this.options.backoff);
    this.emit('pollError', { stage: 'receive', error: asError(error), consecutive: this.failedReceives, retryInMs });
    try {
      await (this.options.sleep ?? abortableSleep)(retryInMs, this.abort.signal);
    } catch {
      // Aborted by stop(): the loop ends on `running`.
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
    let invocation: InvocationRecord;
    try {
      invocation = await this.options.invoke(buildSqsEvent(messages, queueArn, region));
    } catch (error) {
      // Not the function failing (that is a failed invocation record): the runner could not run it. The messages come back after the visibility timeout.
      this.emit('pollError', { stage: 'invoke', error: asError(error), messageIds: ids });
      return;
    }
    const failed = invocation.ok ? failedMessageIds(invocation.value, ids, mapping.reportBatchItemFailures) : new Set(ids);
    await this.deleteAll(messages.filter((m) => !failed.has(m.MessageId ?? '')));
    this.emit('batch', {
      mapping: mapping.address,
      functionName: mapping.functionName,
      messageIds: ids,
      receiptHandles: messages.map((m) => m.ReceiptHandle ?? ''),
      bodies: messages.map((m) => m.Body ?? ''),
      receiveCounts: messages.map((m) => Number(m.Attributes?.ApproximateReceiveCount ?? 1)),
      outcome: failed.size === 0 ? 'succeeded' : failed.size === ids.length ? 'failed' : 'partial',
      failedIds: [...failed],
      invocation,
    });
  }

  /** Deletes handled messages, ten per call; a failed call or a failed entry is a `delete` pollError naming the messages. */
  private async deleteAll(messages: readonly Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      const chunkIds = chunk.map((m) => m.MessageId ?? '');
      try {
        const { Failed = [] } = await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: chunk.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
        if (Failed.length > 0) {
          const detail = Failed.map((f) => `${chunkIds[Number(f.Id)] ?? f.Id}: ${f.Code ?? 'error'}${f.Message ? ` (${f.Message})` : ''}`).join('; ');
          this.emit('pollError', { stage: 'delete', error: new Error(`DeleteMessageBatch failed for ${detail}`), messageIds: Failed.map((f) => chunkIds[Number(f.Id)] ?? f.Id ?? '') });
        }
      } catch (error) {
        this.emit('pollError', { stage: 'delete', error: asError(error), messageIds: chunkIds });
      }
    }
  }
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<unknown> => sleep(ms, undefined, { signal });

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
