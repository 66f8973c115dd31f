import { fromDirectInput } from './direct-input.js';
import { EventShapeError } from './errors.js';
import { fromEventBridge } from './eventbridge.js';
import { parseShape } from './parse-shape.js';
import { fromS3Notification, fromS3TestEvent } from './s3-notification.js';
import { SnsEnvelopeShape } from './shapes.js';
import type { NormalisedEvent } from './types.js';

/** Which shape a payload claims to be, from the one field that tells them apart. */
export type PayloadKind = 's3' | 's3-test' | 'sns-envelope' | 'eventbridge' | 'direct';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape `payload` claims to be; its schema then says whether it is well formed. */
export function payloadKind(payload: unknown, insideEnvelope = false): PayloadKind | undefined {
  if (!isRecord(payload)) return undefined;
  if ('Records' in payload) return 's3';
  if (payload.Event === 's3:TestEvent') return 's3-test';
  if (!insideEnvelope && payload.Type === 'Notification') return 'sns-envelope';
  if ('detail-type' in payload || payload.source === 'aws.s3') return 'eventbridge';
  if ('bucket' in payload || 'key' in payload) return 'direct';
  return undefined;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (isRecord(value)) return `an object with fields ${Object.keys(value).slice(0, 8).join(', ') || '(none)'}`;
  return typeof value;
}

/**
 * One delivered payload: an S3 notification, its test event, an SNS envelope around one of these,
 * an EventBridge S3 event or the `{bucket, key, size}` input. Throws EventShapeError for anything
 * else and for any of these that is malformed.
 */
export function fromPayload(payload: unknown, messageId?: string, insideEnvelope = false): NormalisedEvent {
  switch (payloadKind(payload, insideEnvelope)) {
    case 's3':
      return fromS3Notification(payload, messageId);
    case 's3-test':
      return fromS3TestEvent(payload, messageId);
    case 'sns-envelope': {
      const envelope = parseShape(SnsEnvelopeShape, payload, 'SNS envelope');
      return fromPayload(envelope.Message, messageId, true);
    }
    case 'eventbridge':
      return fromEventBridge(payload, messageId);
    case 'direct':
      return fromDirectInput(payload, messageId);
    case undefined:
      throw new EventShapeError(
        `expected an S3 notification, an S3 test event, ${insideEnvelope ? '' : 'an SNS envelope, '}an EventBridge S3 event or a {bucket, key} input; got ${describeValue(payload)}`,
      );
  }
}
