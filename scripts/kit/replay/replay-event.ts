import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { KitError } from '../errors.js';
import type { BatchOutcome } from '../lambda/event-source-poller.js';
import { parseDestinationRecord } from '../lambda/destination-record.js';
import type { InvocationRecord } from '../lambda/lambda-runner.js';
import { peekQueue } from '../run/peek-queue.js';
import type { Kit } from '../start-kit.js';
import { outputValue, pipelineResources, type PipelineResources } from '../terraform/pipeline-resources.js';

/** The eventbridge trigger's output naming its state machine. */
const stateMachineOutput = 'state_machine_arn';
import { deliverThroughBus, isBusEvent, isStateMachineInput, startExecutionWith, type ReplayedExecution } from './deliver-through-bus.js';
import { loggedOutcomes, type LoggedOutcome } from './logged-outcomes.js';
import { namedObjects, type NamedObject } from './named-objects.js';
import { seedObjects } from './seed-objects.js';

/** The one-line JSON `npm run replay` prints last. */
export interface ReplaySummary {
  readonly records: number;
  /** Decoded source keys the function logged as processed. */
  readonly processed: readonly string[];
  readonly ignored: readonly { readonly key: string | null; readonly reason: string }[];
  /** Keys the function logged as failed, and objects the event names that it never accounted for. */
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
  /** Output keys written during the replay. */
  readonly outputs: readonly string[];
  /** Message ids (as in the captured event) the function reported as failed, or every id of a failed invocation. */
  readonly batchItemFailures: readonly string[];
  /**
   * What reached the dead-letter queue: messages (captured ids) the function moved there at once,
   * with the code and reason they carry; for an asynchronous invoke (S3 -> Lambda), `messageId` is
   * the invocation's request id, and Lambda's destination records count too (code and reason: the
   * last error's type and message).
   */
  readonly deadLettered: readonly { readonly messageId: string; readonly code: string; readonly reason: string; readonly key?: string }[];
  /** Each execution the replay started, where a state machine ran (an EventBridge event through the bus, a `{bucket, key}` input). */
  readonly executions?: readonly ReplayedExecution[];
}

export interface ReplayOptions {
  /** Where the images the event names are looked up by base name. */
  readonly imagesDir: string;
  /** For the function to finish with the event. @default 120000 */
  readonly timeoutMs?: number;
}

/** What a delivery leaves to summarise: the invocations it made, and why whole records failed. */
interface Delivery {
  readonly requestIds: ReadonlySet<string>;
  /** The captured record a message id the function saw belongs to (queue delivery only). */
  readonly recordOf: (messageId: string | undefined) => number | undefined;
  /** Why a record failed as a whole (a failed invocation, a batch item failure, a dead letter), by record. */
  readonly recordFailures: ReadonlyMap<number, string>;
  readonly batchItemFailures: readonly string[];
  readonly deadLettered: ReplaySummary['deadLettered'];
  readonly executions?: readonly ReplayedExecution[];
}

type SqsShapedRecord = { readonly messageId: string; readonly body: string };

/** An SQS event as Lambda's mapping delivers it: replayed through the queue. */
function sqsRecordsOf(event: unknown): SqsShapedRecord[] | undefined {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  const sqs = records.every((r) => (r as { eventSource?: unknown }).eventSource === 'aws:sqs' && typeof (r as { body?: unknown }).body === 'string');
  return sqs ? (records as SqsShapedRecord[]) : undefined;
}

function recordCount(event: unknown): number {
  const records = (event as { Records?: unknown[] } | null)?.Records;
  return Array.isArray(records) ? records.length : 1;
}

const invocationError = (invocation: InvocationRecord): string => `${invocation.error?.errorType ?? 'Error'}: ${invocation.error?.errorMessage ?? 'the invocation failed'}`;

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

/** Sends each record's body to the pipeline's queue and waits for the mapping's first batch of each. */
async function deliverThroughQueue(kit: Kit, pipeline: PipelineResources, records: readonly SqsShapedRecord[], timeoutMs: number): Promise<Delivery> {
  const queue = pipeline.queue;
  if (!queue) throw new KitError('Replay', `the stack ${kit.plan.stack} has no queue (no queue_url output): an SQS event has no path into it`);
  const reads = kit.plan.eventSourceMappings.some((m) => m.functionName === pipeline.processFunction.name && m.queueName === queue.name);
  if (!reads) throw new KitError('Replay', `no event source mapping feeds ${pipeline.processFunction.name} from ${queue.name}`);
  const collector = collectBatches(kit);
  const recordOfLocal = new Map<string, number>();
  try {
    for (const [i, record] of records.entries()) {
      const sent = await kit.clients.sqs.send(new SendMessageCommand({ QueueUrl: kit.queueUrl(queue.name), MessageBody: record.body }));
      recordOfLocal.set(sent.MessageId ?? '', i);
    }
  } catch (error) {
    collector.stop();
    throw error;
  }
  const batches = await collector.firstOf([...recordOfLocal.keys()], timeoutMs).finally(collector.stop);
  const captured = (localId: string): string => records[recordOfLocal.get(localId) ?? -1]?.messageId ?? localId;

  const recordFailures = new Map<number, string>();
  const batchItemFailures: string[] = [];
  for (const [localId, batch] of batches) {
    if (!batch.failedIds.includes(localId)) continue;
    batchItemFailures.push(captured(localId));
    recordFailures.set(recordOfLocal.get(localId)!, batch.invocation.ok ? 'reported in batchItemFailures' : invocationError(batch.invocation));
  }
  // Messages moved by the function carry their original id and the reason as attributes.
  const deadLettered: { messageId: string; code: string; reason: string }[] = [];
  for (const message of await peekQueue(kit.clients.sqs, kit.queueUrl(pipeline.dlq.name))) {
    const record = recordOfLocal.get(message.attributes.SourceMessageId ?? '');
    if (record === undefined) continue;
    const code = message.attributes.ErrorCode ?? '';
    const reason = message.attributes.ErrorMessage ?? '';
    deadLettered.push({ messageId: records[record]!.messageId, code, reason });
    if (!recordFailures.has(record)) recordFailures.set(record, `${code}: ${reason}`);
  }
  return {
    requestIds: new Set([...batches.values()].map((b) => b.invocation.requestId)),
    recordOf: (messageId) => (messageId === undefined ? undefined : recordOfLocal.get(messageId)),
    recordFailures,
    batchItemFailures,
    deadLettered,
  };
}

/** Invokes the process function with the event, as S3, SNS, EventBridge or Step Functions would. */
async function invokeDirectly(kit: Kit, pipeline: PipelineResources, event: unknown, named: readonly NamedObject[]): Promise<Delivery> {
  const invocation = await kit.runner.invoke(pipeline.processFunction.name, event, 'direct');
  const recordFailures = new Map<number, string>();
  if (!invocation.ok) for (const object of named) recordFailures.set(object.record, invocationError(invocation));
  return { requestIds: new Set([invocation.requestId]), recordOf: () => undefined, recordFailures, batchItemFailures: [], deadLettered: [] };
}

/** An S3 event notification (not inside SQS or SNS): what S3 itself hands a function. */
function isS3Notification(event: unknown): boolean {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => (r as { eventSource?: unknown }).eventSource === 'aws:s3');
}

/** Whether the stack's bucket notifications invoke the process function directly (the `direct` trigger). */
function s3InvokesDirectly(kit: Kit, pipeline: PipelineResources): boolean {
  return kit.plan.notifications.some((n) => n.targets.some((t) => t.kind === 'lambda' && kit.runner.resolveName(t.targetArn) === pipeline.processFunction.name));
}

/**
 * Invokes the process function asynchronously, as S3 does for a direct stack: Lambda's retries,
 * event age and on-failure destination apply. What reached the DLQ for this invocation (the
 * function's own messages and Lambda's destination record) is found by its request id.
 */
async function invokeAsS3(kit: Kit, pipeline: PipelineResources, event: unknown, named: readonly NamedObject[]): Promise<Delivery> {
  const accepted = await kit.runner.invokeAsync(pipeline.processFunction.name, event, 's3');
  const outcome = await accepted.settled;
  const recordFailures = new Map<number, string>();
  const last = outcome.attempts.at(-1);
  if (outcome.result !== 'succeeded') {
    const why = last ? invocationError(last) : `${outcome.condition ?? 'not run'} before any attempt`;
    for (const object of named) recordFailures.set(object.record, `${why} (${outcome.attempts.length} attempt(s), ${outcome.result === 'destination' ? 'sent to the on-failure destination' : outcome.result})`);
  }
  const deadLettered: { messageId: string; code: string; reason: string; key?: string }[] = [];
  for (const message of await peekQueue(kit.clients.sqs, kit.queueUrl(pipeline.dlq.name))) {
    const record = parseDestinationRecord(message.body);
    if (record?.requestContext.requestId === accepted.requestId) {
      deadLettered.push({ messageId: accepted.requestId, code: record.responsePayload?.errorType ?? record.requestContext.condition, reason: record.responsePayload?.errorMessage ?? record.requestContext.condition });
    } else if (message.attributes.SourceRequestId === accepted.requestId) {
      const { ErrorCode: code = '', ErrorMessage: reason = '', SourceKey: key } = message.attributes;
      deadLettered.push({ messageId: accepted.requestId, code, reason, ...(key !== undefined ? { key } : {}) });
    }
  }
  return { requestIds: new Set([accepted.requestId]), recordOf: () => undefined, recordFailures, batchItemFailures: [], deadLettered };
}

/**
 * The function's account (its log lines, ordered by the record they came from), with every
 * created object the event names and the function never mentioned reported as failed: a record
 * the event normaliser dropped shows here.
 */
function summarise(event: unknown, named: readonly NamedObject[], logged: readonly LoggedOutcome[], delivery: Delivery, outputs: readonly string[]): ReplaySummary {
  const ordered = logged
    .map((line, i) => ({ line, i, record: delivery.recordOf(line.messageId) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.record - b.record || a.i - b.i)
    .map(({ line }) => line);
  const processed = [...new Set(ordered.filter((l) => l.outcome === 'processed' && l.key !== undefined).map((l) => l.key!))];
  const failed = new Map<string, string>();
  for (const line of ordered) if (line.outcome === 'failed' && line.key !== undefined) failed.set(line.key, line.reason ?? 'failed (no reason logged)');
  const ignored = ordered.filter((l) => l.outcome === 'ignored').map((l) => ({ key: l.key ?? null, reason: l.reason ?? '' }));
  const mentioned = new Set(ordered.flatMap((l) => (l.key !== undefined ? [l.key] : [])));
  for (const object of named) {
    if (!object.created || mentioned.has(object.key) || failed.has(object.key)) continue;
    failed.set(object.key, delivery.recordFailures.get(object.record) ?? 'named by the event, but the function neither processed, failed nor ignored it');
  }
  return {
    records: recordCount(event),
    processed,
    ignored,
    failed: [...failed].map(([key, reason]) => ({ key, reason })),
    outputs: [...new Set(outputs)],
    batchItemFailures: delivery.batchItemFailures,
    deadLettered: delivery.deadLettered,
    ...(delivery.executions ? { executions: delivery.executions } : {}),
  };
}

/**
 * Delivers a captured event through the path the stack would: SQS-shaped events are sent to the
 * pipeline's queue (the runner then does what Lambda's poller does); an S3 notification, for a stack
 * whose bucket notifies the process function itself, is an asynchronous invoke (retries, destination);
 * an EventBridge event, for a stack with rules, goes onto the default bus (rules, input transformer,
 * state machine); a `{bucket, key}` input, for a stack with a state machine, starts an execution;
 * other S3, SNS, EventBridge and direct inputs invoke the process function directly. The created objects the event names (read by
 * the kit, not by the function's normaliser) are seeded first, with notifications muted so seeding
 * triggers nothing. The summary is what the function logged, plus what it left unaccounted for.
 */
export async function replayEvent(kit: Kit, event: unknown, options: ReplayOptions): Promise<ReplaySummary> {
  const pipeline = pipelineResources(kit.plan);
  const named = namedObjects(event);
  kit.router.muted = true;
  try {
    await seedObjects(kit.clients.s3, named.filter((o) => o.created), options.imagesDir);
  } finally {
    kit.router.muted = false;
  }
  const outputs: string[] = [];
  const onObject = (e: { bucket: string; key: string; eventName: string }): void => {
    if (e.bucket === pipeline.outputsBucket.name && e.eventName.startsWith('ObjectCreated')) outputs.push(e.key);
  };
  kit.emulator.events.on('object', onObject);
  try {
    const records = sqsRecordsOf(event);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const stateMachineArn = kit.plan.outputs[stateMachineOutput] !== undefined ? outputValue(kit.plan, stateMachineOutput) : undefined;
    const delivery = records
      ? await deliverThroughQueue(kit, pipeline, records, timeoutMs)
      : isS3Notification(event) && s3InvokesDirectly(kit, pipeline)
        ? await invokeAsS3(kit, pipeline, event, named)
        : isBusEvent(event) && kit.plan.eventRules.length > 0
          ? await deliverThroughBus(kit, pipeline, event, named, timeoutMs)
          : isStateMachineInput(event) && stateMachineArn !== undefined
            ? await startExecutionWith(kit, pipeline, stateMachineArn, event, named, timeoutMs)
            : await invokeDirectly(kit, pipeline, event, named);
    const logged = loggedOutcomes(kit.runner.logs.all(), pipeline.processFunction.name, delivery.requestIds);
    return summarise(event, named, logged, delivery, outputs);
  } finally {
    kit.emulator.events.off('object', onObject);
  }
}
