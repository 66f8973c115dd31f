import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ObjectEvent } from './emulator/embedded-emulator.js';
import { KitError } from './errors.js';
import { EventBus, type DeliveryOutcome } from './eventbridge/event-bus.js';
import { buildS3BusEvent } from './eventbridge/s3-events.js';
import { errorText, type KitFaults } from './kit-faults.js';
import type { LambdaRunner } from './lambda/lambda-runner.js';
import { sendByQueueArn } from './sqs/send-by-queue-arn.js';
import { StepFunctions } from './stepfunctions/step-functions.js';
import type { KitPlan } from './terraform/kit-plan.js';

export interface EventWiringOptions {
  readonly region: string;
  readonly accountId: string;
  readonly runner: LambdaRunner;
  readonly sqs: SQSClient;
  /** The emulator's URL of a queue the plan created, by its ARN. */
  readonly queueUrlOfArn: (queueArn: string) => string | undefined;
  readonly faults: KitFaults;
  readonly retryIntervalScale: number;
  readonly retryDelayMs: number;
  /** A line about a loaded state machine (a filled-in timeout, scaled retries), for `kit.notes`. */
  readonly note: (line: string) => void;
  /** Something changed (an execution started or stopped, a delivery settled): whoever waits for idle looks again. */
  readonly poke: () => void;
}

/** The default bus and the state machines, wired to each other, to the runner and to the queues. */
export interface EventWiring {
  readonly bus: EventBus;
  readonly stepFunctions: StepFunctions;
  /** Sets the rules, the state machines and the buckets that send to the bus (idempotent). */
  apply(plan: KitPlan): void;
  /** An object written or deleted: to the bus as S3 sends it, when the bucket's notification has `eventbridge = true`. */
  objectEvent(event: ObjectEvent): void;
  /** Deliveries and executions in flight. */
  readonly active: number;
  stop(): Promise<void>;
}

/** SQS SendMessage to a queue named by ARN, as EventBridge sends to an SQS target or a DLQ. */
function queueSender(options: EventWiringOptions) {
  // No such queue: EventBridge does not retry a missing target.
  return sendByQueueArn(options.sqs, options.queueUrlOfArn, (queueArn) => Object.assign(new KitError('ResourceNotFound', `no queue ${queueArn}`), { retryable: false }));
}

/** A delivery that did not reach its target: a fault of the kit, since locally every target exists. */
function recordFailedDelivery(faults: KitFaults, outcome: DeliveryOutcome, kind: 'states' | 'other'): void {
  const fate = outcome.status === 'dead-lettered' ? "the event went to the target's dead-letter queue" : 'the event was dropped (no dead-letter queue)';
  const error = outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : 'no error recorded';
  faults.record({
    source: kind === 'states' ? 'stepfunctions' : 'eventbridge',
    action: `${kind === 'states' ? 'StartExecution of' : 'delivery to'} ${outcome.targetArn} (rule ${outcome.rule}, target ${outcome.targetId}, ${outcome.retryAttempts} retries)`,
    message: `${error}; ${fate}`,
  });
}

/**
 * Builds the EventBridge default bus and Step Functions for the kit: S3 object events of buckets
 * with `eventbridge = true` go to the bus, its rules start executions, send to queues or invoke
 * functions asynchronously, and every execution status change goes back to the bus (the
 * failed-executions rule). A delivery that fails, and an event the DLQ refuses, is a kit fault.
 */
export function wireEvents(options: EventWiringOptions): EventWiring {
  const { region, accountId, runner, faults, poke } = options;
  const stepFunctions = new StepFunctions({ region, accountId, functions: runner, retryIntervalScale: options.retryIntervalScale });
  const bus = new EventBus({
    retryDelayMs: options.retryDelayMs,
    services: {
      startExecution: async (stateMachineArn, input) => stepFunctions.startExecution({ stateMachineArn, input }),
      sendMessage: queueSender(options),
      invokeAsync: (functionArn, payload) => runner.invokeAsync(functionArn, JSON.parse(payload) as unknown, 'eventbridge'),
    },
  });
  let eventBridgeBuckets: ReadonlySet<string> = new Set();
  const statesTargets = new Set<string>();
  let stopping = false;

  stepFunctions.on('note', options.note);
  stepFunctions.on('statusChange', (event) => {
    // Executions the kit aborts as it stops are not AWS's doing: their events go nowhere.
    if (!stopping) bus.putEvent(event);
    poke();
  });
  // The outcome a refused DLQ turned into `dropped` is reported once, as that refusal.
  const lostToDlq = new WeakSet<DeliveryOutcome>();
  bus.on('deadLetterError', ({ outcome, error }) => {
    lostToDlq.add(outcome);
    const why = outcome.error ? `delivery failed with ${outcome.error.code}: ${outcome.error.message}; ` : '';
    faults.record({ source: 'eventbridge', action: `dead-letter queue of rule ${outcome.rule}, target ${outcome.targetId} (${outcome.targetArn})`, message: `${why}the dead-letter queue refused it: ${errorText(error)}; the event is lost` });
  });
  bus.on('delivery', (outcome) => {
    if (outcome.status !== 'delivered' && !lostToDlq.has(outcome)) recordFailedDelivery(faults, outcome, statesTargets.has(outcome.targetArn) ? 'states' : 'other');
    poke();
  });

  return {
    bus,
    stepFunctions,
    apply(plan) {
      stepFunctions.setStateMachines(plan.stateMachines);
      bus.setRules(plan.eventRules.filter((rule) => rule.eventBusName === 'default'));
      statesTargets.clear();
      for (const rule of plan.eventRules) for (const target of rule.targets) if (target.kind === 'states') statesTargets.add(target.arn);
      eventBridgeBuckets = new Set(plan.notifications.filter((n) => n.eventBridge).map((n) => n.bucket));
    },
    objectEvent(event) {
      if (!eventBridgeBuckets.has(event.bucket)) return;
      bus.putEvent(buildS3BusEvent(event, { region, accountId }));
    },
    get active() {
      return bus.active + stepFunctions.active;
    },
    async stop() {
      stopping = true;
      await stepFunctions.stop();
      if (bus.active > 0) await new Promise<void>((resolve) => bus.once('idle', resolve));
    },
  };
}
