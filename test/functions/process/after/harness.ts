import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resolveProcessingSpec, type ProcessAfterEnv } from '../../../../config/index.js';
import { unquoteETag } from '../../../../functions/events/index.js';
import { createProcessHandler, type ProcessHandler } from '../../../../functions/process/create-handler.js';
import type { ProcessDeps, ProcessingCore } from '../../../../functions/process/deps.js';
import { defaultCacheControl, type ProcessSettings } from '../../../../functions/process/settings.js';
import type { NotifyMessage } from '../../../../functions/shared/notify-message.js';
import { startDynalite, type Dynalite } from '../../../support/dynalite.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../../../support/emulator.js';
import { sample } from '../../../support/events.js';
import { fakeCore } from '../../../support/fake-core.js';
import { recordingLogger } from '../../../support/logger.js';

export const uploads = sample.uploadsBucket;
export const outputsBucket = 'imgpipe-dev-outputs-123456789012';
export const metadataTable = 'imgpipe-dev-metadata';

export const processing = resolveProcessingSpec(
  { variants: [{ name: 'thumb', width: 100, height: 100, formats: ['webp', 'jpeg'] }] },
  { maxInputPixels: 50_000_000, maxInputBytes: 10_000_000 },
);

/** Every S3 PutObject and SQS SendMessageBatch the function made, in order: `s3:<key>` / `sqs:<n> messages`. */
export type WriteLog = string[];

/**
 * fauxqs (S3 and SQS) and dynalite, started once per test file, with the buckets, a notify queue
 * and the metadata table recreated for each test.
 */
export class AfterStepsWorld {
  server!: Emulator;
  s3!: S3Client;
  sqs!: SQSClient;
  dynalite!: Dynalite;
  notifyQueueUrl = '';
  writes: WriteLog = [];
  logger = recordingLogger();
  /** Makes the function's S3 PutObject of these keys fail (an output write failure). */
  failingKeys = new Set<string>();
  private tableCount = 0;
  table = metadataTable;

  async start(): Promise<void> {
    let endpoint: string;
    ({ server: this.server, s3: this.s3, endpoint } = await startEmulator([uploads, outputsBucket]));
    this.sqs = new SQSClient({ endpoint, region: testRegion, credentials: testCredentials });
    this.dynalite = await startDynalite();
    // Records (and can fail) what the function writes: the order the steps run in, as S3 and SQS saw it.
    this.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Bucket?: string; Key?: string };
        if (context.commandName === 'PutObjectCommand' && input.Bucket === outputsBucket && input.Key !== undefined) {
          this.writes.push(`s3:${input.Key}`);
          if (this.failingKeys.has(input.Key)) throw new Error(`injected failure writing ${input.Key}`);
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordWrites' },
    );
    this.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Entries?: unknown[] };
        if (context.commandName === 'SendMessageBatchCommand') this.writes.push(`sqs:${input.Entries?.length ?? 0} messages`);
        return next(args);
      },
      { step: 'initialize', name: 'recordSends' },
    );
  }

  async stop(): Promise<void> {
    this.sqs.destroy();
    await this.dynalite.stop();
    await this.server.stop();
  }

  /** Empty buckets, a fresh notify queue and a fresh metadata table; nothing recorded. */
  async reset(): Promise<void> {
    this.server.reset();
    this.notifyQueueUrl = this.server.createQueue(`imgpipe-dev-notify-${this.tableCount}`).queueUrl;
    this.table = `${metadataTable}-${this.tableCount++}`;
    await this.dynalite.createMetadataTable(this.table);
    this.writes = [];
    this.failingKeys.clear();
    this.logger = recordingLogger();
  }

  settings(after: ProcessAfterEnv): ProcessSettings {
    return { outputBucket: outputsBucket, outputPrefix: '', triggerPrefix: 'images/', cacheControl: defaultCacheControl, processing, after };
  }

  handler(after: ProcessAfterEnv, core: ProcessingCore = fakeCore()): ProcessHandler {
    return createProcessHandler(this.deps(after, core));
  }

  deps(after: ProcessAfterEnv, core: ProcessingCore = fakeCore()): ProcessDeps {
    return { s3: this.s3, core, settings: this.settings(after), logger: this.logger, dynamodb: this.dynalite.dynamodb, sqs: this.sqs };
  }

  async upload(key: string, body: string | Buffer): Promise<{ key: string; size: number; eTag: string }> {
    const put = await this.s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: body }));
    return { key, size: Buffer.byteLength(body), eTag: unquoteETag(put.ETag ?? '') };
  }

  async keys(prefix = ''): Promise<string[]> {
    const listed = await this.s3.send(new ListObjectsV2Command({ Bucket: outputsBucket, Prefix: prefix }));
    return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
  }

  async read(key: string): Promise<{ body: Buffer; contentType: string | undefined }> {
    const got = await this.s3.send(new GetObjectCommand({ Bucket: outputsBucket, Key: key }));
    return { body: Buffer.from(await got.Body!.transformToByteArray()), contentType: got.ContentType };
  }

  /** Every message on the notify queue (they stay hidden afterwards; each test has its own queue). */
  async notifyMessages(): Promise<NotifyMessage[]> {
    const messages: NotifyMessage[] = [];
    for (;;) {
      const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.notifyQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (Messages.length === 0) return messages;
      messages.push(...Messages.map((m) => JSON.parse(m.Body ?? '') as NotifyMessage));
    }
  }
}
