import { decodeS3EventKey } from '../router/s3-key-encoding.js';

/** An object a captured event names, with its key as S3 stores it. */
export interface NamedObject {
  readonly bucket: string;
  readonly key: string;
  /** Created (to be seeded before the replay) or removed (never seeded: it is gone). */
  readonly created: boolean;
  /** Which of the event's top-level `Records` names it (0 for an event without `Records`). */
  readonly record: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An S3 notification record (`eventSource: aws:s3`): its key is URL-encoded the S3 way. */
function fromS3Record(value: Json, record: number): NamedObject | undefined {
  const s3 = isObject(value.s3) ? value.s3 : undefined;
  const bucket = isObject(s3?.bucket) ? text(s3.bucket.name) : undefined;
  const key = isObject(s3?.object) ? text(s3.object.key) : undefined;
  if (value.eventSource !== 'aws:s3' || bucket === undefined || key === undefined) return undefined;
  return { bucket, key: decodeS3EventKey(key), created: String(value.eventName).startsWith('ObjectCreated:'), record };
}

/** An EventBridge event from S3 (`source: aws.s3`): its key is not encoded. */
function fromEventBridge(value: Json, record: number): NamedObject | undefined {
  const detail = isObject(value.detail) ? value.detail : undefined;
  const bucket = isObject(detail?.bucket) ? text(detail.bucket.name) : undefined;
  const key = isObject(detail?.object) ? text(detail.object.key) : undefined;
  if (value.source !== 'aws.s3' || bucket === undefined || key === undefined) return undefined;
  return { bucket, key, created: value['detail-type'] === 'Object Created', record };
}

/**
 * The objects an event names, read by the kit itself and not by the process function's event
 * normaliser, so that a normaliser bug shows in the replay instead of being repeated by it: S3
 * notification records, EventBridge `Object Created`/`Object Deleted` events, and the `{bucket, key}`
 * input Step Functions passes. JSON text inside (an SQS body, an SNS `Message`) is read through.
 */
export function namedObjects(event: unknown): NamedObject[] {
  const found: NamedObject[] = [];
  const visit = (value: unknown, record: number): void => {
    if (typeof value === 'string') {
      if (!/^\s*[[{]/.test(value)) return;
      try {
        visit(JSON.parse(value) as unknown, record);
      } catch {
        // Text that only looks like JSON names nothing.
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach((item) => visit(item, record));
    if (!isObject(value)) return;
    const object = fromS3Record(value, record) ?? fromEventBridge(value, record);
    if (object) found.push(object);
    else Object.values(value).forEach((item) => visit(item, record));
  };
  const records = isObject(event) && Array.isArray(event.Records) ? event.Records : undefined;
  if (records) records.forEach((record, i) => visit(record, i));
  else if (isObject(event) && text(event.bucket) !== undefined && text(event.key) !== undefined) found.push({ bucket: String(event.bucket), key: String(event.key), created: true, record: 0 });
  else visit(event, 0);
  return found;
}
