import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3Key, encodeS3Key, EventShapeError, normaliseEvent, normaliseSqsRecord, type NormalisedEvent } from '../../../functions/events/index.js';
import { eventFixtures } from '../../support/event-fixtures.js';
import { directInput, eventBridgeS3Event, s3Put, s3TestEvent, snsEnvelope, sqsEvent, sqsRecord } from '../../support/events.js';

/** Normalises, or throws EventShapeError; any other throw fails the property. */
function normalisesOrRefuses(run: () => NormalisedEvent): void {
  let result: NormalisedEvent;
  try {
    result = run();
  } catch (error) {
    if (error instanceof EventShapeError) return;
    throw error;
  }
  for (const item of result.items) {
    expect(typeof item.bucket === 'string' && item.bucket !== '').toBe(true);
    expect(typeof item.key).toBe('string');
    if (item.size !== undefined) expect(Number.isInteger(item.size) && item.size >= 0).toBe(true);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A step into a value: a field, an index, or into the JSON text a string holds (SQS body, SNS Message). */
type Step = string | number | { json: true };

function parsedJson(text: string): Json | undefined {
  try {
    const value = JSON.parse(text) as Json;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Every place in `value` that a mutation can hit, JSON held in strings included. */
function pathsOf(value: Json, prefix: Step[] = []): Step[][] {
  const inner = typeof value === 'string' ? parsedJson(value) : undefined;
  if (inner !== undefined) return [prefix, ...pathsOf(inner, [...prefix, { json: true }])];
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, i) => pathsOf(item, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

/** `value` with the place at `path` replaced (or removed, when `replacement` is undefined). */
function mutate(value: Json, path: readonly Step[], replacement: Json | undefined): Json | undefined {
  const [step, ...rest] = path;
  if (step === undefined) return replacement;
  if (typeof step === 'object') {
    const changed = mutate(parsedJson(value as string)!, rest, replacement);
    return changed === undefined ? '' : JSON.stringify(changed);
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    const changed = mutate(copy[step as number]!, rest, replacement);
    if (changed === undefined) copy.splice(step as number, 1);
    else copy[step as number] = changed;
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  const changed = mutate(copy[step as string]!, rest, replacement);
  if (changed === undefined) delete copy[step as string];
  else copy[step as string] = changed;
  return copy;
}

const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;
const validEvents: Json[] = [
  ...Object.values(eventFixtures).map((fixture) => toJson(fixture.event)),
  toJson(sqsEvent(sqsRecord(snsEnvelope(s3TestEvent())))),
  toJson(sqsEvent(sqsRecord(eventBridgeS3Event({ key: 'images/a b.jpg' })))),
  toJson({ Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:aws:sns:eu-west-1:1:t:s', Sns: snsEnvelope(s3Put({ key: 'images/x.jpg' })) }] }),
  toJson(directInput({ key: 'images/folder/' })),
];

/** A valid event with one place deleted or replaced by arbitrary JSON. */
const mutatedEvent = fc
  .constantFrom(...validEvents)
  .chain((event) => fc.tuple(fc.constant(event), fc.constantFrom(...pathsOf(event)), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })))
  .map(([event, path, replacement]) => mutate(event, path, replacement as Json | undefined));

describe('normaliseEvent on random JSON: it normalises or throws EventShapeError, nothing else', () => {
  it('any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (event) => normalisesOrRefuses(() => normaliseEvent(event))), { numRuns: 500 });
  });

  it('any object with the fields the shapes are told apart by', () => {
    const field = fc.constantFrom('Records', 'Event', 'Type', 'Message', 'detail-type', 'source', 'detail', 'bucket', 'key', 'size', 'eventSource', 'EventSource', 'Sns', 's3');
    const partial = fc.dictionary(field, fc.jsonValue({ maxDepth: 3 }));
    fc.assert(fc.property(partial, fc.array(partial, { maxLength: 3 }), (event, records) => {
      normalisesOrRefuses(() => normaliseEvent(event));
      normalisesOrRefuses(() => normaliseEvent({ Records: records }));
    }), { numRuns: 500 });
  });

  it('every accepted shape with one field removed or replaced, SQS bodies and SNS messages included', () => {
    fc.assert(fc.property(mutatedEvent, (event) => normalisesOrRefuses(() => normaliseEvent(event))), { numRuns: 2000 });
  });

  it('an SQS record with one field removed or replaced, as the record handler sees it', () => {
    const sqsRecords = validEvents.flatMap((event) => ((event as { Records?: Json[] }).Records ?? []).filter((r) => (r as { eventSource?: string }).eventSource === 'aws:sqs'));
    const mutatedRecord = fc
      .constantFrom(...sqsRecords)
      .chain((record) => fc.tuple(fc.constant(record), fc.constantFrom(...pathsOf(record)), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })))
      .map(([record, path, replacement]) => mutate(record, path, replacement as Json | undefined));
    fc.assert(fc.property(mutatedRecord, (record) => normalisesOrRefuses(() => normaliseSqsRecord(record as never))), { numRuns: 1000 });
  });
});

describe('S3 key encoding', () => {
  it('decodes whatever it encodes, for any Unicode key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (key) => {
        const encoded = encodeS3Key(key);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.*%+/]*$/);
        expect(decodeS3Key(encoded)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });
});
