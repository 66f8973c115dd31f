import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ProcessAfterEnv } from '../../../config/function-env.js';
import type { ProcessResult } from '../../core/types.js';
import type { WorkItem } from '../../events/index.js';
import type { ImageRecord, ImageRecordLocation } from '../../shared/image-record.js';
import { elapsedMs } from '../../shared/logging.js';
import type { SourceObject } from '../read-source.js';
import { writeArchive } from './archive.js';
import { AfterStepError, type AfterStepName } from './errors.js';
import { buildImageRecord } from './image-record.js';
import { writeMetadataObject } from './metadata-object.js';
import { writeMetadataItem } from './metadata-table.js';
import { notifyMessages, sendNotifyMessages } from './notify-messages.js';

/** The clients the steps write with; `dynamodb` for a metadata table, `sqs` for notify messages. */
export interface AfterStepClients {
  readonly s3: S3Client;
  readonly dynamodb?: DynamoDBClient;
  readonly sqs?: SQSClient;
}

export interface AfterStepsSettings {
  readonly outputBucket: string;
  readonly triggerPrefix: string;
  readonly after?: ProcessAfterEnv;
}

/** What the steps wrote, for the `processed` log line and the direct reply. */
export interface AfterStepsOutcome {
  readonly archive?: NonNullable<ImageRecord['archive']>;
  readonly metadata?: ImageRecordLocation;
  /** Notify messages sent (one per subscription). */
  readonly notified: number;
  readonly timings: { readonly archiveMs?: number; readonly metadataMs?: number; readonly notifyMs?: number };
}

/** The steps' settings that need a client the deps lack; thrown at handler creation, not per image. */
export function missingAfterStepClients(after: ProcessAfterEnv | undefined, clients: Omit<AfterStepClients, 's3'>): string[] {
  return [
    ...(after?.metadata?.store === 'table' && clients.dynamodb === undefined ? ['a DynamoDB client (METADATA_STORE=table)'] : []),
    ...(after?.notify !== undefined && clients.sqs === undefined ? ['an SQS client (NOTIFY_QUEUE_URL)'] : []),
  ];
}

async function step<T>(name: AfterStepName, key: string, run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  try {
    return { value: await run(), ms: elapsedMs(started) };
  } catch (error) {
    throw new AfterStepError(name, key, error);
  }
}

/**
 * After the outputs are written: the archive, then the metadata record (last write, so its
 * presence means the image is complete), then one notify message per subscription, each only when
 * configured. Throws AfterStepError (retryable) at the first failure, leaving the later steps
 * undone; a redelivery does them all again, identically.
 */
export async function runAfterSteps(
  item: WorkItem,
  source: SourceObject,
  result: ProcessResult,
  clients: AfterStepClients,
  settings: AfterStepsSettings,
): Promise<AfterStepsOutcome> {
  const { metadata: metadataStep, archive: archiveStep, notify: notifyStep } = settings.after ?? {};
  const bucket = settings.outputBucket;
  const timings: { archiveMs?: number; metadataMs?: number; notifyMs?: number } = {};

  let archive: ImageRecord['archive'];
  if (archiveStep !== undefined) {
    const done = await step('archive', item.key, () => writeArchive(clients.s3, item.key, source.body, result.source.format, { bucket, triggerPrefix: settings.triggerPrefix, ...archiveStep }));
    [archive, timings.archiveMs] = [done.value, done.ms];
  }

  const record = buildImageRecord(item, source, result, archive);
  let metadata: ImageRecordLocation | undefined;
  if (metadataStep !== undefined) {
    const done = await step('metadata', item.key, () =>
      metadataStep.store === 'object'
        ? writeMetadataObject(clients.s3, record, { bucket, prefix: metadataStep.prefix, triggerPrefix: settings.triggerPrefix })
        : writeMetadataItem(required(clients.dynamodb), record, metadataStep.tableName),
    );
    [metadata, timings.metadataMs] = [done.value, done.ms];
  }

  let notified = 0;
  if (notifyStep !== undefined) {
    const messages = notifyMessages(record, metadata, notifyStep.subscriptionIds, new Date());
    const done = await step('notify', item.key, () => sendNotifyMessages(required(clients.sqs), notifyStep.queueUrl, messages));
    [notified, timings.notifyMs] = [messages.length, done.ms];
  }

  return { ...(archive !== undefined && { archive }), ...(metadata !== undefined && { metadata }), notified, timings };
}

function required<T>(client: T | undefined): T {
  // createProcessHandler refuses settings whose clients are missing (missingAfterStepClients).
  if (client === undefined) throw new Error('after-processing step without its client');
  return client;
}
