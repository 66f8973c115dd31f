import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import type { ObjectEvent } from '../../../scripts/kit/emulator/embedded-emulator.js';
import type { BatchOutcome } from '../../../scripts/kit/lambda/event-source-poller.js';
import { targetMatches } from '../../../scripts/kit/router/notification-match.js';
import { buildS3EventRecord } from '../../../scripts/kit/router/s3-event-record.js';
import type { Kit } from '../../../scripts/kit/start-kit.js';
import { pipelineResources } from '../../../scripts/kit/terraform/pipeline-resources.js';

export const fixtureImage = (name: string): Buffer => readFileSync(new URL(`../../../fixtures/images/${name}`, import.meta.url));

/** The uploads or outputs bucket, as the stack's outputs name it. */
export const bucketOf = (kit: Kit, kind: 'uploads' | 'outputs'): string => {
  const { uploadsBucket, outputsBucket } = pipelineResources(kit.plan);
  return (kind === 'uploads' ? uploadsBucket : outputsBucket).name;
};

/** The processing queue and its dead-letter queue, as the stack's outputs name them. */
export const queuesOf = (kit: Kit): { queue: string; dlq: string } => {
  const { queue, dlq } = pipelineResources(kit.plan);
  if (!queue) throw new Error(`the stack ${kit.plan.stack} has no queue_url output: S3 does not notify a queue`);
  return { queue: queue.name, dlq: dlq.name };
};

/** Records what the kit does while a test runs: object writes per bucket/key, batches. */
export function recordActivity(kit: Kit): { writes: Map<string, string[]>; batches: BatchOutcome[] } {
  const writes = new Map<string, string[]>();
  const batches: BatchOutcome[] = [];
  kit.emulator.events.on('object', (event: ObjectEvent) => {
    if (event.eventName.startsWith('ObjectCreated')) writes.set(`${event.bucket}/${event.key}`, [...(writes.get(`${event.bucket}/${event.key}`) ?? []), event.eTag ?? '']);
  });
  for (const poller of kit.pollers.values()) poller.on('batch', (batch) => batches.push(batch));
  return { writes, batches };
}

/**
 * Makes the messages a batch left in the queue (failed, or a crashed invocation's) visible again
 * at once, as if their visibility timeout had run out: the redelivery a test waits for comes on the
 * next receive instead of after the Terraform's 360 s.
 */
export function endVisibilityTimeoutOfFailures(kit: Kit): void {
  const url = kit.queueUrl(queuesOf(kit).queue);
  for (const poller of kit.pollers.values()) {
    poller.on('batch', (batch) => {
      const entries = batch.messageIds.flatMap((id, i) => (batch.failedIds.includes(id) ? [{ Id: String(i), ReceiptHandle: batch.receiptHandles[i]!, VisibilityTimeout: 0 }] : []));
      if (entries.length > 0) void kit.clients.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }));
    });
  }
}

/** What the upload API answers with a 201: the stored key and the outputs it will have. */
export interface UploadReply {
  key: string;
  outputs: string[];
}

/** POSTs an image to the kit's upload API with its API key (and a file name, when given). */
export const postUpload = (kit: Kit, image: Buffer, contentType: string, name?: string): Promise<Response> =>
  fetch(kit.uploadUrl!, { method: 'POST', body: image, headers: { 'Content-Type': contentType, 'x-api-key': kit.apiKey!, ...(name ? { 'X-Filename': name } : {}) } });

export async function putUpload(kit: Kit, key: string, body: Buffer): Promise<void> {
  await kit.clients.s3.send(new PutObjectCommand({ Bucket: bucketOf(kit, 'uploads'), Key: key, Body: body, ContentType: 'image/jpeg' }));
}

/**
 * Stores each object in the uploads bucket and sends their notifications, built as the kit's
 * router builds them, in one SendMessageBatch: they are in the queue together before the mapping's
 * next receive, which takes them as one batch (up to its batch size).
 */
export async function uploadAsOneBatch(kit: Kit, objects: readonly (readonly [key: string, body: Buffer])[]): Promise<void> {
  const bucket = bucketOf(kit, 'uploads');
  const records: string[] = [];
  kit.router.muted = true;
  try {
    for (const [key, body] of objects) {
      const put = await kit.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'image/jpeg' }));
      const target = kit.router.configuration(bucket).find((t) => targetMatches(t, 'ObjectCreated:Put', key));
      if (!target) throw new Error(`no notification of ${bucket} matches ${key}`);
      const event = { bucket, key, eventName: 'ObjectCreated:Put' as const, size: body.length, eTag: (put.ETag ?? '').replace(/"/g, ''), time: new Date(), requestId: 'BATCH', sourceIp: '127.0.0.1' };
      records.push(JSON.stringify({ Records: [buildS3EventRecord(event, target.id, kit.region)] }));
    }
  } finally {
    kit.router.muted = false;
  }
  await kit.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: kit.queueUrl(queuesOf(kit).queue), Entries: records.map((body, i) => ({ Id: String(i), MessageBody: body })) }));
}

export async function listKeys(kit: Kit, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await kit.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function getObject(kit: Kit, bucket: string, key: string): Promise<Buffer> {
  const reply = await kit.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await reply.Body!.transformToByteArray());
}

export interface DrainedMessage {
  readonly body: string;
  readonly receiveCount: number;
  /** String message attributes (the reason, when the process function moved the message). */
  readonly attributes: Record<string, string>;
}

export async function drainQueue(kit: Kit, queueName: string): Promise<DrainedMessage[]> {
  const out: DrainedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await kit.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: kit.queueUrl(queueName), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return out;
    out.push(
      ...Messages.map((m) => ({
        body: m.Body ?? '',
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
        attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? ''])),
      })),
    );
  }
}

/** How many times the process function logged `processed` for a source key. */
export function processedCount(kit: Kit, key: string): number {
  return kit.runner.logs.all().filter((l) => l.json?.message === 'processed' && l.json.key === key).length;
}
