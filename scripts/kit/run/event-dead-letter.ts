import type { PeekedMessage } from './peek-queue.js';

/** A dead-letter message EventBridge wrote: a failed execution's status change, or an event a rule's target never took. */
export interface EventDeadLetter {
  readonly keys: readonly string[];
  readonly reason: string;
  /** `execution`: the failed-executions rule sent the status change; `event-target`: a rule's target DLQ (retries or event age exhausted). */
  readonly via: 'execution' | 'event-target';
}

interface BusEventLike {
  readonly source?: unknown;
  readonly 'detail-type'?: unknown;
  readonly detail?: { readonly input?: unknown; readonly object?: { readonly key?: unknown }; readonly status?: unknown; readonly name?: unknown; readonly error?: unknown; readonly cause?: unknown };
}

const statusChange = 'Step Functions Execution Status Change';

/** The `key` of an execution's JSON input (the rule's transformer and POST /executions both give `{bucket, key}`). */
export function keyOfExecutionInput(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  try {
    const key = (JSON.parse(input) as { key?: unknown } | null)?.key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The keys a bus event is about: an S3 `Object Created` event's object (keys are not URL-encoded there), an execution's input. */
function keysOfEvent(event: BusEventLike): string[] {
  const objectKey = event.detail?.object?.key;
  if (typeof objectKey === 'string') return [objectKey];
  const inputKey = keyOfExecutionInput(event.detail?.input);
  return inputKey !== undefined ? [inputKey] : [];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads a message EventBridge put in the dead-letter queue, or undefined for any other message:
 * (1) a rule target's DLQ message (attributes RULE_ARN, ERROR_CODE, ERROR_MESSAGE; body the event),
 * (2) the `Step Functions Execution Status Change` event of a failed, timed-out or aborted execution
 * (its detail.input holds the key; error and cause say why).
 */
export function readEventDeadLetter(message: PeekedMessage): EventDeadLetter | undefined {
  let event: BusEventLike;
  try {
    event = JSON.parse(message.body) as BusEventLike;
  } catch {
    return undefined;
  }
  if (event === null || typeof event !== 'object') return undefined;
  const { RULE_ARN: ruleArn, ERROR_CODE: code, ERROR_MESSAGE: errorMessage, RETRY_ATTEMPTS: retries, EXHAUSTED_RETRY_CONDITION: exhausted } = message.attributes;
  if (ruleArn !== undefined) {
    const rule = ruleArn.split('/').pop();
    const after = [retries !== undefined ? `${retries} retries` : undefined, exhausted].filter((part) => part !== undefined).join(', ');
    const reason = `${[code, errorMessage].filter((part) => part).join(': ') || 'no error in the attributes'} (rule ${rule} could not deliver the event to its target${after ? `; ${after}` : ''})`;
    return { keys: keysOfEvent(event), reason, via: 'event-target' };
  }
  if (event.source === 'aws.states' && event['detail-type'] === statusChange && event.detail) {
    const { status, name, error, cause } = event.detail;
    const why = [text(error), text(cause)].filter((part) => part !== undefined).join(': ') || 'no error or cause';
    return { keys: keysOfEvent(event), reason: `execution ${String(name)} ${String(status)}: ${why}`, via: 'execution' };
  }
  return undefined;
}
