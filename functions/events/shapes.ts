/**
 * The event shapes the process function accepts, as schemas: Powertools Parser's own for S3
 * notifications, SQS records, SNS (direct and inside SQS) and S3 events from EventBridge, with
 * this project's few additions. Where a Powertools schema is stricter than what S3 sends, the
 * field is relaxed here, with the reason.
 */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3EventNotificationEventBridgeSchema, S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { SnsSchema, SnsSqsNotificationSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { z } from 'zod';

/** Object sizes are whole bytes. */
const byteCount = z.number().int().nonnegative();

/** Bucket names and object keys are never empty (Powertools accepts any string). */
const name = z.string().min(1);

/**
 * Powertools accepts only an IPv4 address (or `s3.amazonaws.com`) as the requester's address;
 * S3 reports an IPv6 client's address as it is, and the function never reads it.
 */
const sourceIpAddress = z.string();

/** Any JSON text, parsed (Powertools' helper: an unparsable text is an issue, not a throw). */
export const JsonText = JSONStringified(z.unknown());

const powertoolsS3Record = S3Schema.shape.Records.element;
const powertoolsS3Object = powertoolsS3Record.shape.s3.shape.object;

/** One record of an S3 event notification (any eventVersion: MiniStack sends 2.6). */
export const S3RecordShape = powertoolsS3Record.extend({
  requestParameters: z.object({ sourceIPAddress: sourceIpAddress }),
  s3: powertoolsS3Record.shape.s3.extend({
    bucket: powertoolsS3Record.shape.s3.shape.bucket.extend({ name }),
    object: powertoolsS3Object.extend({ key: name, size: byteCount.optional() }),
  }),
});

export const S3NotificationShape = z.object({ Records: z.array(S3RecordShape).min(1) });
export type S3Notification = z.infer<typeof S3NotificationShape>;

/** What S3 sends to a queue or topic when a notification configuration is saved; it names no object. */
export const S3TestEventShape = z.object({
  Service: z.literal('Amazon S3'),
  Event: z.literal('s3:TestEvent'),
  Time: z.string(),
  Bucket: name,
  RequestId: z.string().optional(),
  HostId: z.string().optional(),
});
export type S3TestEvent = z.infer<typeof S3TestEventShape>;

/** The envelope an SQS subscriber of a topic receives (raw message delivery off); Message is JSON. */
export const SnsEnvelopeShape = SnsSqsNotificationSchema.extend({ Message: JsonText });

/** SNS invoking the function: each record's Message is JSON. */
export const SnsEventShape = SnsSchema;

const powertoolsBridgeDetail = S3EventNotificationEventBridgeSchema.shape.detail;

/** An S3 event delivered by EventBridge (`source: aws.s3`); `detail.object.key` is not URL-encoded. */
export const EventBridgeS3Shape = S3EventNotificationEventBridgeSchema.extend({
  source: z.literal('aws.s3'),
  detail: powertoolsBridgeDetail.extend({
    'source-ip-address': sourceIpAddress.optional(),
    bucket: z.object({ name }),
    object: powertoolsBridgeDetail.shape.object.extend({ key: name, size: byteCount.optional() }),
  }),
});
export type EventBridgeS3Event = z.infer<typeof EventBridgeS3Shape>;

/**
 * `{bucket, key, size?}`: what the EventBridge input transformer hands Step Functions (and its Task
 * the function). The transformer may quote the size, or write null for a size the event lacks.
 */
export const DirectInputShape = z.object({
  bucket: name,
  key: name,
  size: z.union([byteCount, z.string().regex(/^\d+$/).transform(Number)], { error: 'expected a whole number of bytes, as a number or a numeric string' }).nullish(),
  etag: z.string().optional(),
  eTag: z.string().optional(),
});
export type DirectInput = z.infer<typeof DirectInputShape>;

/** One SQS record as Lambda's event source mapping delivers it; the body must be JSON. */
export const SqsRecordShape = SqsRecordSchema.extend({ body: JsonText });

/** Enough to tell that an event is an SQS batch; each record is then checked on its own. */
export const SqsBatchMarker = z.object({ Records: z.array(z.object({ eventSource: z.literal('aws:sqs') })).min(1) });

/** Enough to tell that SNS invoked the function. */
export const SnsBatchMarker = z.object({ Records: z.array(z.object({ EventSource: z.literal('aws:sns') })).min(1) });
