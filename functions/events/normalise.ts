import { parseShape } from './parse-shape.js';
import { fromPayload, payloadKind } from './payload.js';
import { JsonText, SnsBatchMarker, SnsEventShape } from './shapes.js';
import { isSqsEvent, normaliseSqsRecord } from './sqs.js';
import type { EventSource, IgnoredRecord, NormalisedEvent, WorkItem } from './types.js';

export interface SourcedEvent extends NormalisedEvent {
  readonly source: EventSource;
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

/** SNS invoking the function: each record's Message is a payload of its own. */
function fromSnsEvent(event: unknown): NormalisedEvent {
  const sns = parseShape(SnsEventShape, event, 'SNS event');
  return merge(sns.Records.map((record, i) => fromPayload(parseShape(JsonText, record.Sns.Message, `SNS event: Records[${i}].Sns.Message`), undefined, true)));
}

/**
 * Every way an upload can reach the process function, normalised to work items (keys decoded,
 * bucket taken from the event) and explicitly ignored records. Throws EventShapeError when the
 * event is none of them or is malformed, never anything else.
 */
export function normaliseEvent(event: unknown): SourcedEvent {
  if (isSqsEvent(event)) return { source: 'sqs', ...merge(event.Records.map(normaliseSqsRecord)) };
  if (SnsBatchMarker.safeParse(event).success) return { source: 'sns', ...fromSnsEvent(event) };
  const kind = payloadKind(event);
  const source: EventSource = kind === 's3' ? 's3' : kind === 'eventbridge' ? 'eventbridge' : 'direct';
  return { source, ...fromPayload(event) };
}
