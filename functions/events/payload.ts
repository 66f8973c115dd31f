import { fromDirectInput, isDirectInput } from './direct-input.js';
import { EventShapeError } from './errors.js';
import { fromEventBridge, isEventBridgeS3Event } from './eventbridge.js';
import { isObject, stringField, type JsonObject } from './guards.js';
import { fromS3Notification, isS3Notification, isS3TestEvent, s3TestEventIgnored } from './s3-notification.js';
import type { NormalisedEvent } from './types.js';

/** An SNS envelope as SQS receives it without raw message delivery: `Message` holds the S3 event as JSON. */
function isSnsEnvelope(value: JsonObject): boolean {
  return stringField(value, 'Type') === 'Notification' && typeof value.Message === 'string';
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EventShapeError(`${what} is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

/**
 * One delivered payload: an S3 notification, its test event, an SNS envelope around either, an
 * EventBridge S3 event or the `{bucket, key, size}` input. Throws EventShapeError for anything else.
 */
export function fromPayload(payload: unknown, messageId?: string, insideEnvelope = false): NormalisedEvent {
  if (!isObject(payload)) throw new EventShapeError(`expected a JSON object, got ${Array.isArray(payload) ? 'an array' : typeof payload}`);
  if (isS3TestEvent(payload)) return { items: [], ignored: [s3TestEventIgnored(payload, messageId)] };
  if (isS3Notification(payload)) return fromS3Notification(payload, messageId);
  if (!insideEnvelope && isSnsEnvelope(payload)) {
    return fromPayload(parseJson(payload.Message as string, 'the SNS Message'), messageId, true);
  }
  if (isEventBridgeS3Event(payload)) return fromEventBridge(payload, messageId);
  if (isDirectInput(payload)) return fromDirectInput(payload, messageId);
  throw new EventShapeError(`no S3 notification, SNS envelope, EventBridge S3 event or {bucket, key} input (top-level fields: ${Object.keys(payload).slice(0, 8).join(', ') || 'none'})`);
}

