import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ProcessAfterEnv } from '../../../config/function-env.js';
import { archiveKey, isArchived } from '../../../functions/process/after/archive.js';
import { baseName } from '../../../functions/process/after/relative-key.js';
import { metadataObjectKey } from '../../../functions/process/after/metadata-object.js';
import type { ImageRecord } from '../../../functions/shared/image-record.js';
import { isNotFound } from '../s3/not-found.js';
import type { WebhookDelivery } from '../webhooks/webhook-receiver.js';
import { zipEntries } from './zip-entries.js';

/** What the stack's process function writes after an image's outputs (its METADATA_* / ARCHIVE_* / NOTIFY_* variables). */
export interface AfterStepsExpectations {
  readonly uploadsBucket: string;
  readonly outputsBucket: string;
  readonly triggerPrefix: string;
  readonly metadata?: ProcessAfterEnv['metadata'];
  readonly archive?: ProcessAfterEnv['archive'];
  /** One verified delivery per subscription is expected for each processed image. */
  readonly subscriptionIds: readonly string[];
}

/** Where the checks read: the emulator's S3, the metadata table's server, the webhook receivers. */
export interface AfterStepsSources {
  readonly s3: Pick<S3Client, 'send'>;
  readonly dynamo?: Pick<DynamoDBClient, 'send'>;
  deliveries(): readonly WebhookDelivery[];
}

/** One step's finding: `ok` (as it should be), `missing`, `wrong` (there but not right), `unexpected` (a failed image has it). */
export interface StepFinding {
  readonly state: 'ok' | 'missing' | 'wrong' | 'unexpected' | 'none';
  readonly detail: string;
}

/** The deliveries of one image to one subscription. */
export interface DeliveryFinding {
  readonly subscriptionId: string;
  /** Verified requests answered 2xx. */
  readonly delivered: number;
  /** Every request, whatever it was answered. */
  readonly attempts: number;
  /** Distinct webhook-ids among them (more than one: the same image was announced twice). */
  readonly webhookIds: readonly string[];
  /** Why requests did not verify (wrong token, bad signature). */
  readonly unverified: readonly string[];
}

export interface AfterStepsResult {
  readonly metadata?: StepFinding;
  readonly archive?: StepFinding;
  readonly deliveries?: readonly DeliveryFinding[];
  /** Why the image fails on its after-processing steps; empty when it does not. */
  readonly problems: readonly string[];
}

async function readObject(s3: AfterStepsSources['s3'], bucket: string, key: string): Promise<Buffer | undefined> {
  try {
    const reply = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await reply.Body!.transformToByteArray());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The records of a source: the JSON object, or every item of the table under its key (one per ETag). */
/** What the checks compare of a record. */
interface RecordSummary {
  readonly sourceKey?: string;
  readonly outputKeys: readonly string[];
}

const summaryOf = (record: Partial<ImageRecord>): RecordSummary => ({ ...(typeof record.source?.key === 'string' ? { sourceKey: record.source.key } : {}), outputKeys: (record.outputs ?? []).map((o) => String(o.key)) });

async function readRecords(expect: AfterStepsExpectations, sources: AfterStepsSources, key: string): Promise<{ where: string; records: RecordSummary[] }> {
  const metadata = expect.metadata!;
  if (metadata.store === 'object') {
    // The keys the process function writes to (functions/process/after), as it computes them.
    const where = metadataObjectKey(key, metadata.prefix, expect.triggerPrefix);
    const body = await readObject(sources.s3, expect.outputsBucket, where);
    if (!body) return { where, records: [] };
    try {
      return { where, records: [summaryOf(JSON.parse(body.toString('utf8')) as Partial<ImageRecord>)] };
    } catch {
      return { where, records: [{ outputKeys: [] }] };
    }
  }
  const where = `table ${metadata.tableName}, sourceKey ${key}`;
  if (!sources.dynamo) return { where, records: [] };
  const reply = await sources.dynamo.send(new QueryCommand({ TableName: metadata.tableName, KeyConditionExpression: 'sourceKey = :k', ExpressionAttributeValues: { ':k': { S: key } } }));
  return {
    where,
    records: (reply.Items ?? []).map((item) => ({ ...(item.source?.M?.key?.S !== undefined ? { sourceKey: item.source.M.key.S } : {}), outputKeys: (item.outputs?.L ?? []).map((o) => String(o.M?.key?.S)) })),
  };
}

async function checkMetadata(expect: AfterStepsExpectations, sources: AfterStepsSources, key: string, outputs: readonly string[], processed: boolean): Promise<StepFinding> {
  const { where, records } = await readRecords(expect, sources, key);
  if (!processed) return records.length > 0 ? { state: 'unexpected', detail: `a failed image has a record (${where})` } : { state: 'none', detail: 'no record, as for a failed image' };
  if (records.length === 0) return { state: 'missing', detail: `no record at ${where}` };
  if (records.length > 1) return { state: 'wrong', detail: `${records.length} records at ${where}, expected one` };
  const record = records[0]!;
  const recorded = [...record.outputKeys].sort();
  const expected = [...outputs].sort();
  if (record.sourceKey !== key) return { state: 'wrong', detail: `the record at ${where} names source ${String(record.sourceKey)}` };
  if (JSON.stringify(recorded) !== JSON.stringify(expected)) return { state: 'wrong', detail: `the record at ${where} lists outputs ${recorded.join(', ') || 'none'}, the upload announced ${expected.join(', ')}` };
  return { state: 'ok', detail: `record at ${where}, ${outputs.length} outputs` };
}

async function checkArchive(expect: AfterStepsExpectations, sources: AfterStepsSources, key: string, processed: boolean): Promise<StepFinding> {
  const archive = expect.archive!;
  const where = archiveKey(key, { ...archive, triggerPrefix: expect.triggerPrefix });
  const zip = await readObject(sources.s3, expect.outputsBucket, where);
  if (!isArchived(key, archive.suffixes)) return zip ? { state: 'unexpected', detail: `${where} exists for a key the archive suffixes leave out` } : { state: 'none', detail: 'not an archived suffix' };
  if (!processed) return zip ? { state: 'unexpected', detail: `a failed image has an archive (${where})` } : { state: 'none', detail: 'no archive, as for a failed image' };
  if (!zip) return { state: 'missing', detail: `no archive at ${where}` };
  const entries = await zipEntries(zip).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  if (typeof entries === 'string') return { state: 'wrong', detail: `${where} is not a readable zip: ${entries}` };
  const source = await readObject(sources.s3, expect.uploadsBucket, key);
  if (entries.length !== 1 || entries[0]!.name !== baseName(key)) return { state: 'wrong', detail: `${where} holds ${entries.map((e) => e.name).join(', ') || 'nothing'}, expected one entry ${baseName(key)}` };
  if (source && !entries[0]!.body.equals(source)) return { state: 'wrong', detail: `${where} holds ${entries[0]!.body.length} bytes that are not the source's ${source.length}` };
  return { state: 'ok', detail: `${where}, ${zip.length} bytes, the source inside` };
}

function payloadSource(delivery: WebhookDelivery): { bucket?: unknown; key?: unknown } | undefined {
  return (delivery.payload as { data?: { source?: { bucket?: unknown; key?: unknown } } } | undefined)?.data?.source;
}

/** Each subscription's deliveries about this source (by the payload's `data.source`). */
function checkDeliveries(expect: AfterStepsExpectations, sources: AfterStepsSources, key: string): DeliveryFinding[] {
  const about = sources.deliveries().filter((d) => payloadSource(d)?.key === key && payloadSource(d)?.bucket === expect.uploadsBucket);
  return expect.subscriptionIds.map((subscriptionId) => {
    const own = about.filter((d) => d.subscriptionId === subscriptionId);
    return {
      subscriptionId,
      delivered: own.filter((d) => d.verified && d.status !== undefined && d.status >= 200 && d.status < 300).length,
      attempts: own.length,
      webhookIds: [...new Set(own.map((d) => d.webhookId))],
      unverified: [...new Set(own.filter((d) => !d.verified).map((d) => d.unverifiedReason ?? 'not verified'))],
    };
  });
}

/** Whether a processed image has everything it should (`complete`), for the wait before the verdict. */
export function afterStepsComplete(result: AfterStepsResult): boolean {
  const present = (f: StepFinding | undefined): boolean => f === undefined || f.state !== 'missing';
  return present(result.metadata) && present(result.archive) && (result.deliveries ?? []).every((d) => d.delivered > 0);
}

/**
 * The after-processing steps of one upload: a processed image must have its record (matching its
 * outputs), its archive (a zip of the source, when its suffix is archived) and one verified delivery
 * per subscription; a failed image none of them. Any unverified request fails the image.
 */
export async function checkAfterSteps(expect: AfterStepsExpectations, sources: AfterStepsSources, image: { key: string; outputs: readonly string[]; processed: boolean }): Promise<AfterStepsResult> {
  const metadata = expect.metadata ? await checkMetadata(expect, sources, image.key, image.outputs, image.processed) : undefined;
  const archive = expect.archive ? await checkArchive(expect, sources, image.key, image.processed) : undefined;
  const deliveries = expect.subscriptionIds.length > 0 ? checkDeliveries(expect, sources, image.key) : undefined;
  const problems: string[] = [];
  for (const [step, finding] of [['metadata', metadata], ['archive', archive]] as const) {
    if (finding && (finding.state === 'missing' || finding.state === 'wrong' || finding.state === 'unexpected')) problems.push(`${step}: ${finding.detail}`);
  }
  for (const d of deliveries ?? []) {
    if (d.unverified.length > 0) problems.push(`webhook ${d.subscriptionId}: a request did not verify (${d.unverified.join('; ')})`);
    if (image.processed && d.delivered === 0) problems.push(`webhook ${d.subscriptionId}: no verified delivery (${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'})`);
    if (!image.processed && d.attempts > 0) problems.push(`webhook ${d.subscriptionId}: a failed image was announced (${d.attempts} ${d.attempts === 1 ? 'request' : 'requests'})`);
  }
  return { ...(metadata ? { metadata } : {}), ...(archive ? { archive } : {}), ...(deliveries ? { deliveries } : {}), problems };
}

/** The findings in a few words, for the table: `metadata ok, archive ok, webhooks 2/2 (1 duplicate)`. */
export function afterStepsText(result: AfterStepsResult): string {
  const parts: string[] = [];
  if (result.metadata) parts.push(`metadata ${result.metadata.state}`);
  if (result.archive) parts.push(`archive ${result.archive.state}`);
  if (result.deliveries) {
    const delivered = result.deliveries.filter((d) => d.delivered > 0).length;
    const duplicates = result.deliveries.reduce((n, d) => n + Math.max(0, d.delivered - 1), 0);
    const unverified = result.deliveries.reduce((n, d) => n + d.unverified.length, 0);
    parts.push(`webhooks ${delivered}/${result.deliveries.length}${duplicates > 0 ? ` (${duplicates} duplicate${duplicates === 1 ? '' : 's'} by webhook-id)` : ''}${unverified > 0 ? ', UNVERIFIED' : ''}`);
  }
  return parts.join(', ');
}
