import { EventEmitter } from 'node:events';
import { compileEventPattern, type EventPattern } from './event-pattern.js';
import { compileInputTransformer, parseJsonPath, valueAt, type InputTransformer, type InputTransformerSpec } from './input-transformer.js';
import type { BusEvent } from './s3-events.js';

/** What a rule's target is, by the service its ARN names. */
export type EventTargetKind = 'states' | 'sqs' | 'lambda';

export interface EventTargetSpec {
  readonly id: string;
  readonly arn: string;
  readonly kind: EventTargetKind;
  /** At most one of these shapes the input; none sends the whole event. */
  readonly inputTransformer?: InputTransformerSpec;
  /** A constant JSON text (`input`). */
  readonly input?: string;
  /** A JSON path into the event (`input_path`). */
  readonly inputPath?: string;
  readonly retryPolicy: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
  /** SQS queue ARN of the target's dead-letter queue. */
  readonly deadLetterArn?: string;
}

export interface EventRuleSpec {
  readonly name: string;
  readonly arn: string;
  /** The pattern object or its JSON text. */
  readonly pattern: unknown;
  /** `state = "DISABLED"` rules match nothing. */
  readonly enabled: boolean;
  readonly targets: readonly EventTargetSpec[];
}

/**
 * The services targets are delivered to, provided by the caller (the kit's SQS client, its
 * StepFunctions, its LambdaRunner). A rejected promise is a failed delivery; an error with
 * `retryable: false` (a target that does not exist) goes to the DLQ without retries, as
 * EventBridge does for missing resources and permissions.
 */
export interface TargetServices {
  startExecution(stateMachineArn: string, input: string): Promise<unknown>;
  sendMessage(queueArn: string, body: string, attributes?: Readonly<Record<string, string>>): Promise<unknown>;
  invokeAsync(functionArn: string, payload: string): Promise<unknown>;
}

export interface DeliveryOutcome {
  readonly rule: string;
  readonly targetId: string;
  readonly targetArn: string;
  readonly eventId: string;
  readonly status: 'delivered' | 'dead-lettered' | 'dropped';
  /** Deliveries tried after the first. */
  readonly retryAttempts: number;
  readonly error?: { readonly code: string; readonly message: string };
  readonly exhaustedRetryCondition?: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';
}

export interface EventBusEvents {
  /** Every event put on the bus, with the rules it matched. */
  event: [{ event: BusEvent<unknown>; matchedRules: readonly string[] }];
  delivery: [DeliveryOutcome];
  /** The DLQ itself refused the event: it is lost (a kit fault). */
  deadLetterError: [{ outcome: DeliveryOutcome; error: Error }];
  idle: [];
}

export interface EventBusOptions {
  readonly services: TargetServices;
  /** Wait between two delivery attempts (EventBridge backs off exponentially over hours). @default 0 */
  readonly retryDelayMs?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

interface CompiledTarget {
  readonly spec: EventTargetSpec;
  readonly transform?: InputTransformer;
  readonly inputPath?: readonly (string | number)[];
}

interface CompiledRule {
  readonly spec: EventRuleSpec;
  readonly pattern: EventPattern;
  readonly targets: readonly CompiledTarget[];
}

/**
 * The default event bus: rules with their patterns and targets, compiled when set (an unsupported
 * pattern operator or a transformer typo is an error then). `putEvent` matches every rule and
 * delivers to each target of each match in the background, as PutEvents does: the target's input,
 * its retry policy (up to `maximumRetryAttempts` retries within `maximumEventAgeSeconds`), then its
 * dead-letter queue with the attributes EventBridge adds, or the event is dropped.
 */
export class EventBus extends EventEmitter<EventBusEvents> {
  private rules: readonly CompiledRule[] = [];
  private pending = 0;

  constructor(private readonly options: EventBusOptions) {
    super();
  }

  /** Replaces the rules (idempotent apply). Throws, naming the rule, on anything the kit cannot run. */
  setRules(rules: readonly EventRuleSpec[]): void {
    this.rules = rules.map((spec) => ({
      spec,
      pattern: compileEventPattern(spec.pattern, `rule ${spec.name}`),
      targets: spec.targets.map((target) => ({
        spec: target,
        ...(target.inputTransformer ? { transform: compileInputTransformer(target.inputTransformer, `rule ${spec.name} target ${target.id}`) } : {}),
        ...(target.inputPath ? { inputPath: parseJsonPath(target.inputPath, `rule ${spec.name} target ${target.id}: input_path`) } : {}),
      })),
    }));
  }

  /** Deliveries in flight. */
  get active(): number {
    return this.pending;
  }

  /** Puts one event on the bus; `settled` resolves with every target's outcome. */
  putEvent(event: BusEvent<unknown>): { matchedRules: string[]; settled: Promise<DeliveryOutcome[]> } {
    const ingestionTime = this.now();
    const matched = this.rules.filter((rule) => rule.spec.enabled && rule.pattern.matches(event));
    this.emit('event', { event, matchedRules: matched.map((r) => r.spec.name) });
    const deliveries = matched.flatMap((rule) => rule.targets.map((target) => this.track(this.deliver(rule.spec, target, event, ingestionTime))));
    return { matchedRules: matched.map((r) => r.spec.name), settled: Promise.all(deliveries) };
  }

  private async track(delivery: Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    this.pending++;
    try {
      const outcome = await delivery;
      this.emit('delivery', outcome);
      return outcome;
    } finally {
      if (--this.pending === 0) this.emit('idle');
    }
  }

  private async deliver(rule: EventRuleSpec, target: CompiledTarget, event: BusEvent<unknown>, ingestionTime: Date): Promise<DeliveryOutcome> {
    const { spec } = target;
    const base = { rule: rule.name, targetId: spec.id, targetArn: spec.arn, eventId: event.id };
    let input: string;
    try {
      input = this.inputFor(rule, target, event, ingestionTime);
    } catch (error) {
      return this.deadLetter(rule, spec, event, { ...base, status: 'dead-lettered', retryAttempts: 0, error: errorInfo(error) });
    }
    let retries = 0;
    for (;;) {
      try {
        await this.send(spec, input);
        return { ...base, status: 'delivered', retryAttempts: retries };
      } catch (error) {
        const failure = { ...base, status: 'dead-lettered' as const, retryAttempts: retries, error: errorInfo(error) };
        if ((error as { retryable?: boolean }).retryable === false) return this.deadLetter(rule, spec, event, failure);
        if (retries >= spec.retryPolicy.maximumRetryAttempts) return this.deadLetter(rule, spec, event, { ...failure, exhaustedRetryCondition: 'MaximumRetryAttempts' });
        if (this.now().getTime() - ingestionTime.getTime() >= spec.retryPolicy.maximumEventAgeSeconds * 1000) {
          return this.deadLetter(rule, spec, event, { ...failure, exhaustedRetryCondition: 'MaximumEventAgeInSeconds' });
        }
        retries++;
        if (this.options.retryDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      }
    }
  }

  private inputFor(rule: EventRuleSpec, target: CompiledTarget, event: BusEvent<unknown>, ingestionTime: Date): string {
    if (target.transform) return target.transform(event, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime });
    if (target.spec.input !== undefined) return target.spec.input;
    if (target.inputPath) return JSON.stringify(valueAt(event, target.inputPath) ?? null);
    return JSON.stringify(event);
  }

  private send(target: EventTargetSpec, input: string): Promise<unknown> {
    const { services } = this.options;
    switch (target.kind) {
      case 'states':
        return services.startExecution(target.arn, input);
      case 'sqs':
        return services.sendMessage(target.arn, input);
      case 'lambda':
        return services.invokeAsync(target.arn, input);
    }
  }

  /** The event (not the transformed input) to the target's DLQ with EventBridge's attributes; dropped without one. */
  private async deadLetter(rule: EventRuleSpec, target: EventTargetSpec, event: BusEvent<unknown>, outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
    if (!target.deadLetterArn) return { ...outcome, status: 'dropped' };
    const attributes: Record<string, string> = {
      RULE_ARN: rule.arn,
      TARGET_ARN: target.arn,
      ERROR_CODE: outcome.error?.code ?? 'UNKNOWN',
      ERROR_MESSAGE: outcome.error?.message ?? '',
      RETRY_ATTEMPTS: String(outcome.retryAttempts),
      ...(outcome.exhaustedRetryCondition ? { EXHAUSTED_RETRY_CONDITION: outcome.exhaustedRetryCondition } : {}),
    };
    try {
      await this.options.services.sendMessage(target.deadLetterArn, JSON.stringify(event), attributes);
      return outcome;
    } catch (error) {
      const lost = { ...outcome, status: 'dropped' as const };
      this.emit('deadLetterError', { outcome: lost, error: error instanceof Error ? error : new Error(String(error)) });
      return lost;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function errorInfo(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error';
  return { code, message: typeof e?.message === 'string' ? e.message : String(error) };
}
