import type { BusEvent } from '../eventbridge/s3-events.js';
import type { InvocationRecord } from '../lambda/lambda-runner.js';
import { peekQueue } from '../run/peek-queue.js';
import type { Kit } from '../start-kit.js';
import type { ExecutionRecord } from '../stepfunctions/execution-record.js';
import type { PipelineResources } from '../terraform/pipeline-resources.js';
import type { NamedObject } from './named-objects.js';

/** An execution a replay ran, as the summary shows it. */
export interface ReplayedExecution {
  readonly status: ExecutionRecord['status'];
  readonly error: string | null;
  readonly cause: string | null;
}

/** What a delivery through the bus or a state machine leaves to summarise (the replay's `Delivery`, with the executions). */
export interface StateMachineDelivery {
  readonly requestIds: ReadonlySet<string>;
  readonly recordOf: (messageId: string | undefined) => number | undefined;
  readonly recordFailures: ReadonlyMap<number, string>;
  readonly batchItemFailures: readonly string[];
  readonly deadLettered: readonly { readonly messageId: string; readonly code: string; readonly reason: string; readonly key?: string }[];
  readonly executions: readonly ReplayedExecution[];
}

/** An EventBridge event (the envelope S3 and Step Functions put on the bus). */
export function isBusEvent(event: unknown): event is BusEvent<unknown> {
  const e = event as Partial<BusEvent<unknown>> | null;
  return typeof e?.source === 'string' && typeof e['detail-type'] === 'string' && typeof e.detail === 'object' && e.detail !== null;
}

/** A state machine's own input (`{bucket, key}`, what the uploads rule's transformer or POST /executions gives). */
export function isStateMachineInput(event: unknown): event is { bucket: string; key: string } {
  const e = event as { bucket?: unknown; key?: unknown; Records?: unknown } | null;
  return typeof e?.bucket === 'string' && typeof e.key === 'string' && e.Records === undefined;
}

/**
 * Runs `deliver` and waits for the kit to be idle, keeping the executions it started and the
 * process function's invocations (for its log lines); then what reached the dead-letter queue for
 * them: an event the uploads rule could not deliver (by event id), a failed execution's status
 * change (by execution ARN).
 */
async function followExecutions(kit: Kit, pipeline: PipelineResources, named: readonly NamedObject[], timeoutMs: number, deliver: () => Promise<string | undefined>, eventId?: string): Promise<StateMachineDelivery> {
  const started: string[] = [];
  const requestIds = new Set<string>();
  const onStatus = (event: BusEvent<{ executionArn: string; status: string }>): void => {
    if (event.detail.status === 'RUNNING') started.push(event.detail.executionArn);
  };
  const onInvocation = (invocation: InvocationRecord): void => {
    if (invocation.functionName === pipeline.processFunction.name) requestIds.add(invocation.requestId);
  };
  kit.stepFunctions.on('statusChange', onStatus);
  kit.runner.on('invocation', onInvocation);
  let undelivered: string | undefined;
  try {
    undelivered = await deliver();
    await kit.waitForIdle({ timeoutMs });
  } finally {
    kit.stepFunctions.off('statusChange', onStatus);
    kit.runner.off('invocation', onInvocation);
  }
  const records = started.map((arn) => kit.stepFunctions.describeExecution(arn));
  const recordFailures = new Map<number, string>();
  const failure = undelivered ?? records.filter((r) => r.status !== 'SUCCEEDED').map((r) => `execution ${r.status}: ${r.error ?? 'no error'}: ${r.cause ?? 'no cause'}`)[0];
  if (failure) for (const object of named) recordFailures.set(object.record, failure);

  const deadLettered: StateMachineDelivery['deadLettered'][number][] = [];
  for (const message of await peekQueue(kit.clients.sqs, kit.queueUrl(pipeline.dlq.name))) {
    let body: Partial<BusEvent<{ executionArn?: string; input?: string; error?: string | null; cause?: string | null }>>;
    try {
      body = JSON.parse(message.body) as typeof body;
    } catch {
      continue;
    }
    if (eventId !== undefined && body.id === eventId) {
      deadLettered.push({ messageId: eventId, code: message.attributes.ERROR_CODE ?? '', reason: message.attributes.ERROR_MESSAGE ?? '' });
    } else if (body.detail?.executionArn && started.includes(body.detail.executionArn)) {
      const key = (JSON.parse(body.detail.input ?? '{}') as { key?: unknown }).key;
      deadLettered.push({ messageId: body.detail.executionArn, code: body.detail.error ?? '', reason: body.detail.cause ?? '', ...(typeof key === 'string' ? { key } : {}) });
    }
  }
  return {
    requestIds,
    recordOf: () => undefined,
    recordFailures,
    batchItemFailures: [],
    deadLettered,
    executions: records.map((r) => ({ status: r.status, error: r.error ?? null, cause: r.cause ?? null })),
  };
}

/** Puts the event on the kit's default bus, as S3 would: the stack's rules, their transformers and targets decide the rest. */
export function deliverThroughBus(kit: Kit, pipeline: PipelineResources, event: BusEvent<unknown>, named: readonly NamedObject[], timeoutMs: number): Promise<StateMachineDelivery> {
  return followExecutions(
    kit,
    pipeline,
    named,
    timeoutMs,
    async () => {
      const { matchedRules } = kit.eventBus.putEvent(event);
      if (matchedRules.length > 0) return undefined;
      const rules = kit.plan.eventRules.map((r) => r.name).join(', ') || 'none';
      return `no rule of the stack ${kit.plan.stack} matches the event (rules: ${rules}), so nothing ran`;
    },
    event.id,
  );
}

/** Starts an execution of the stack's state machine with the input as it is, as POST /executions or the uploads rule would. */
export function startExecutionWith(kit: Kit, pipeline: PipelineResources, stateMachineArn: string, input: unknown, named: readonly NamedObject[], timeoutMs: number): Promise<StateMachineDelivery> {
  return followExecutions(kit, pipeline, named, timeoutMs, async () => {
    kit.stepFunctions.startExecution({ stateMachineArn, input: JSON.stringify(input) });
    return undefined;
  });
}
