import { isObject, stringField } from './guards.js';
import { fromPayload, parseJson } from './payload.js';
import { isS3Notification } from './s3-notification.js';
import { isEventBridgeS3Event } from './eventbridge.js';
import { isSqsEvent, normaliseSqsRecord } from './sqs.js';
import type { EventSource, IgnoredRecord, NormalisedEvent, WorkItem } from './types.js';

export interface SourcedEvent extends NormalisedEvent {
  readonly source: EventSource;
}

function isSnsEvent(event: unknown): event is { Records: { Sns: { Message: string; MessageId: string } }[] } {
  if (!isObject(event) || !Array.isArray(event.Records) || event.Records.length === 0) return false;
  return event.Records.every((record) => isObject(record) && stringField(record, 'EventSource') === 'aws:sns' && isObject(record.Sns));
}

function merge(parts: readonly NormalisedEvent[]): NormalisedEvent {
  const items: WorkItem[] = [];
  const ignored: IgnoredRecord[] = [];
  for (const part of parts) {
    items.push(...part.items);
    ignored.push(...part.ignored);
  }
  return { items, ignored };
}

/**
 * Every way an upload can reach the process function, normalised to work items (keys decoded,
 * bucket taken from the event) and explicitly ignored records. Throws EventShapeError when the
 * event is none of them.
 */
export function normaliseEvent(event: unknown): SourcedEvent {
  if (isSqsEvent(event)) return { source: 'sqs', ...merge(event.Records.map(normaliseSqsRecord)) };
  if (isSnsEvent(event)) {
    const parts = event.Records.map((record) => fromPayload(parseJson(record.Sns.Message, 'the SNS Message'), undefined, true));
    return { source: 'sns', ...merge(parts) };
  }
  if (isObject(event) && isS3Notification(event)) return { source: 's3', ...fromPayload(event) };
  if (isObject(event) && isEventBridgeS3Event(event)) return { source: 'eventbridge', ...fromPayload(event) };
  return { source: 'direct', ...fromPayload(event) };
}
