import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import type { ObjectEvent } from '../../../scripts/kit/emulator/embedded-emulator.js';
import type { BatchOutcome } from '../../../scripts/kit/lambda/event-source-poller.js';
import type { Kit } from '../../../scripts/kit/start-kit.js';

export const fixtureImage = (name: string): Buffer => readFileSync(new URL(`../../../fixtures/images/${name}`, import.meta.url));

export const bucketOf = (kit: Kit, kind: 'uploads' | 'outputs'): string => {
  const bucket = kit.plan.buckets.find((b) => b.name.includes(`-${kind}-`));
  if (!bucket) throw new Error(`no ${kind} bucket in the plan`);
  return bucket.name;
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

export async function putUpload(kit: Kit, key: string, body: Buffer): Promise<void> {
  await kit.clients.s3.send(new PutObjectCommand({ Bucket: bucketOf(kit, 'uploads'), Key: key, Body: body, ContentType: 'image/jpeg' }));
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
