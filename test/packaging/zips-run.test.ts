import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  defaults,
  maxPixelsForMemory,
  notifyFunctionEnvironment,
  processFunctionEnvironment,
  resolveProcessingSpec,
  uploadFunctionEnvironment,
  type Architecture,
} from '../../config/index.js';
import { outputKeysFor } from '../../functions/core/index.js';
import { notifyMessages } from '../../functions/process/after/notify-messages.js';
import type { NotifyMessage } from '../../functions/shared/notify-message.js';
import { startSsmServer, type SsmServer } from '../../scripts/kit/ssm/ssm-server.js';
import { startSubscriber, type WebhookReceiver } from '../functions/notify/subscriber.js';
import { startDynalite, type Dynalite } from '../support/dynalite.js';
import { packageForArchitectures, type PackagedFunctions } from '../../scripts/packaging/index.js';
import { zipNode, type ZipNode } from '../support/arm64-node.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../support/emulator.js';
import { uploadRequest } from '../support/api-gateway.js';
import { s3Put, sample, sqsEvent, sqsRecord } from '../support/events.js';
import { extractZip } from '../support/zip.js';

const run = promisify(execFile);
const architectures = ['x86_64', 'arm64'] as const satisfies readonly Architecture[];
/** Node's name for each Lambda architecture (`process.arch`, sharp's package suffix). */
const nodeArch = { x86_64: 'x64', arm64: 'arm64' } as const;
const uploads = sample.uploadsBucket;
const outputs = 'imgpipe-dev-outputs-123456789012';
const spec = resolveProcessingSpec('default', { maxInputPixels: maxPixelsForMemory(1536), maxInputBytes: 32 * 1024 * 1024 });
const keyContext = { triggerPrefix: 'images/', outputPrefix: '' };
const photo = 'photo-1920x1280.jpg';
/**
 * The default preset on a 1920x1280 photo: thumb covers 200x200 and is cropped to it; medium and large fit
 * inside 800 and 1600 keeping 3:2 (1280 * 800 / 1920 = 533.3, 1280 * 1600 / 1920 = 1066.7, rounded).
 */
const expectedSizes: Record<string, { width: number; height: number }> = {
  thumb: { width: 200, height: 200 },
  medium: { width: 800, height: 533 },
  large: { width: 1600, height: 1067 },
};
// Under qemu one invocation takes about 11 s on an idle machine; this leaves room for a busy one.
const emulatedTimeout = 180_000;

let scratch: string;
let zips: Record<Architecture, PackagedFunctions>;
let server: Emulator;
let s3: S3Client;
let sqs: SQSClient;
let dynalite: Dynalite;
let ssm: SsmServer;
let receiver: WebhookReceiver;
/** One notify queue per architecture: the two run at once and each reads back its own message. */
const notifyQueueUrls: Partial<Record<Architecture, string>> = {};
const metadataTable = 'imgpipe-dev-metadata';
const secretParameter = '/imgpipe-dev/webhooks/orders-app';
const webhookSecret = { token: 'zip-run-token-0123456789', signingSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` };

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pipeline-zip-test-'));
  zips = (await packageForArchitectures(architectures, { outDir: join(scratch, 'dist') })) as Record<Architecture, PackagedFunctions>;
  ({ server, s3 } = await startEmulator([uploads, outputs]));
  sqs = new SQSClient({ endpoint: server.address, region: testRegion, credentials: testCredentials });
  for (const architecture of architectures) {
    notifyQueueUrls[architecture] = (await sqs.send(new CreateQueueCommand({ QueueName: `imgpipe-dev-notify-${architecture}` }))).QueueUrl!;
  }
  dynalite = await startDynalite();
  await dynalite.createMetadataTable(metadataTable);
  ssm = await startSsmServer({ region: testRegion, accountId: '123456789012', parameters: { [secretParameter]: { value: JSON.stringify(webhookSecret), type: 'SecureString' } } });
  receiver = await startSubscriber(webhookSecret);
});

afterAll(async () => {
  await receiver?.close();
  await ssm?.stop();
  await dynalite?.stop();
  await server?.stop();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

/** Every after-processing step on, so that their SDK clients and the zip writer are seen to come with the bundle. */
const processEnv = (architecture: Architecture) => ({
  ...processFunctionEnvironment(
    {
      outputBucket: outputs,
      processing: spec,
      ...keyContext,
      after: {
        archive: { prefix: 'zip/', suffixes: ['.jpg'], keepFolders: true },
        metadata: { store: 'table', tableName: metadataTable },
        notify: { queueUrl: notifyQueueUrls[architecture]!, subscriptionIds: ['orders-app'] },
      },
    },
    'imgpipe-dev-process',
  ),
  AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
});

interface Invocation {
  readonly reply: unknown;
  /** `process.arch` inside the handler's process. */
  readonly arch: string;
  readonly logs: Record<string, unknown>[];
}

/** Runs an unzipped handler with `node` in its own directory, as the Lambda runtime would. */
async function invoke(node: ZipNode, dir: string, event: unknown, functionEnv: Record<string, string>): Promise<Invocation> {
  const replyDir = await mkdtemp(join(scratch, 'reply-'));
  const resultPath = join(replyDir, 'reply.json');
  const runner = `
    const { handler } = await import('./index.mjs');
    const context = { functionName: 'imgpipe-dev-process', functionVersion: '$LATEST', memoryLimitInMB: '1536',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:imgpipe-dev-process',
      awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60000 };
    const reply = await handler(JSON.parse(process.env.TEST_EVENT), context);
    (await import('node:fs')).writeFileSync(process.env.TEST_REPLY_PATH, JSON.stringify({ reply, arch: process.arch }));`;
  const { stdout, stderr } = await run(node.file, [...node.args, '--input-type=module', '-e', runner], {
    cwd: dir,
    timeout: emulatedTimeout,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ENDPOINT_URL: server.address,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: testRegion,
      AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
      ...functionEnv,
      TEST_EVENT: JSON.stringify(event),
      TEST_REPLY_PATH: resultPath,
    },
  });
  // Powertools writes errors and warnings to stderr, the rest to stdout; Lambda sends both to CloudWatch.
  const logs = `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...(JSON.parse(await readFile(resultPath, 'utf8')) as Omit<Invocation, 'logs'>), logs };
}

async function putImage(key: string, image: Buffer, contentType: string): Promise<string> {
  const put = await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: image, ContentType: contentType }));
  return (put.ETag ?? '').replace(/"/g, '');
}

// Concurrent: the arm64 invocations under emulation take most of this file's time, and wait on a child process.
describe.concurrent.each(architectures)('the %s zips, unzipped into empty folders and run with a Node of that CPU', (architecture) => {
  const cpu = nodeArch[architecture];
  let processDir: string;
  let uploadDir: string;

  beforeAll(async () => {
    processDir = join(scratch, architecture, 'process');
    uploadDir = join(scratch, architecture, 'upload');
    await extractZip(zips[architecture].process, processDir);
    await extractZip(zips[architecture].upload, uploadDir);
  });

  it(`process holds only the bundle and node_modules, with sharp's linux-${cpu} binary`, async ({ expect }) => {
    expect((await readdir(processDir)).sort()).toEqual(['index.mjs', 'index.mjs.map', 'node_modules']);
    expect((await stat(join(processDir, `node_modules/@img/sharp-linux-${cpu}/package.json`))).isFile()).toBe(true);
  });

  it('upload holds only the bundle', async ({ expect }) => {
    expect((await readdir(uploadDir)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it(
    'process loads its handler, SDK, logger and sharp from the zip alone: a photo gets every output, a corrupt image is the one failed message',
    { timeout: emulatedTimeout },
    async (context) => {
      const { expect } = context;
      const node = zipNode(architecture, context);
      const goodKey = `images/zip/${architecture}/photo.jpg`;
      const corruptKey = `images/zip/${architecture}/corrupt.jpg`;
      const image = await readFile(new URL(`../../fixtures/images/${photo}`, import.meta.url));
      const corrupt = await readFile(new URL('../../fixtures/images/hostile/corrupt.jpg', import.meta.url));
      const goodETag = await putImage(goodKey, image, 'image/jpeg');
      // One batch, one invocation: under emulation each process start costs seconds.
      const event = sqsEvent(
        sqsRecord(s3Put({ key: goodKey, size: image.length, eTag: goodETag }), 'msg-photo'),
        sqsRecord(s3Put({ key: corruptKey, size: corrupt.length, eTag: await putImage(corruptKey, corrupt, 'image/jpeg') }), 'msg-corrupt'),
      );

      const { reply, arch, logs } = await invoke(node, processDir, event, processEnv(architecture));

      expect(arch).toBe(cpu);
      expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-corrupt' }] });
      // Each output decodes in its format at its size: the zip's libvips encodes what the spec asks.
      const keys = outputKeysFor(goodKey, spec, keyContext);
      expect(keys).toHaveLength(6);
      for (const key of keys) {
        const got = await s3.send(new GetObjectCommand({ Bucket: outputs, Key: key }));
        const meta = await sharp(Buffer.from(await got.Body!.transformToByteArray())).metadata();
        const variant = key.slice(key.lastIndexOf('/') + 1, key.lastIndexOf('.'));
        expect({ format: meta.format, width: meta.width, height: meta.height }, key).toEqual({
          format: key.endsWith('.webp') ? 'webp' : 'jpeg',
          ...expectedSizes[variant],
        });
      }
      // The after-processing steps ran from the bundle: the zip, the DynamoDB item, the notify message.
      expect((await s3.send(new GetObjectCommand({ Bucket: outputs, Key: `zip/zip/${architecture}/photo.jpg.zip` }))).ContentType).toBe('application/zip');
      const item = await dynalite.dynamodb.send(new GetItemCommand({ TableName: metadataTable, Key: { sourceKey: { S: goodKey }, etag: { S: goodETag } } }));
      expect(item.Item?.outputs?.L).toHaveLength(6);
      const notified = await notifyMessagesOn(notifyQueueUrls[architecture]!);
      expect(notified.map((m) => m.subscriptionId)).toEqual(['orders-app']);
      // Powertools' logger came with the bundle: one JSON line per processed object, one per failed one.
      expect(logs.filter((line) => line.message === 'processed')).toEqual([expect.objectContaining({ level: 'INFO', key: goodKey })]);
      expect(logs.filter((line) => line.message === 'failed')).toEqual([
        expect.objectContaining({ level: 'ERROR', key: corruptKey, code: 'CorruptImage' }),
      ]);
    },
  );

  it('notify loads its handler, Parameters, SSM client and signer from the zip alone, and delivers a signed webhook', { timeout: emulatedTimeout }, async (context) => {
    const { expect } = context;
    const node = zipNode(architecture, context);
    const notifyDir = join(scratch, architecture, 'notify');
    await extractZip(zips[architecture].notify, notifyDir);
    expect((await readdir(notifyDir)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const source = { bucket: uploads, key: `images/zip/${architecture}/notified.jpg`, etag: 'd41d8cd98f00b204e9800998ecf8427e', size: 1, format: 'jpeg', width: 1, height: 1 };
    const [message] = notifyMessages({ source, outputs: [] }, undefined, ['orders-app'], new Date());
    const env = {
      ...notifyFunctionEnvironment(
        {
          subscriptions: [{ id: 'orders-app', url: `${receiver.endpoint}/${architecture}`, events: ['image.processed'], secretParameter }],
          timeoutMs: 5000,
          secretCacheSeconds: 300,
          deadLetterQueueUrl: notifyQueueUrls[architecture]!,
        },
        'imgpipe-dev-notify',
      ),
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    };

    const { reply, arch } = await invoke(node, notifyDir, sqsEvent(sqsRecord(JSON.stringify(message), `msg-notify-${architecture}`)), env);

    expect(arch).toBe(cpu);
    expect(reply).toEqual({ batchItemFailures: [] });
    const delivered = receiver.deliveries.filter((d) => d.webhookId === message!.webhookId);
    expect(delivered).toEqual([expect.objectContaining({ verified: true, status: 200 })]);
  });

  it('upload loads its handler and its SDK from the zip alone, and stores a posted image (201)', { timeout: emulatedTimeout }, async (context) => {
    const { expect } = context;
    const node = zipNode(architecture, context);
    const image = await readFile(new URL('../../fixtures/images/photo-800x600.webp', import.meta.url));
    const env = uploadFunctionEnvironment(
      { uploadsBucket: uploads, triggerPrefix: 'images/', allowedSuffixes: defaults.triggerSuffixes, maxUploadBytes: 1 << 20, outputPrefix: '', processing: spec },
      'imgpipe-dev-upload',
    );

    const { reply, arch } = await invoke(node, uploadDir, uploadRequest({ body: image, headers: { 'X-Filename': `holiday-${architecture}.webp` } }), env);

    expect(arch).toBe(cpu);
    const response = reply as { statusCode: number; body: string };
    expect(response.statusCode).toBe(201);
    const { key } = JSON.parse(response.body) as { key: string };
    expect(key).toMatch(new RegExp(`^images/.+-holiday-${architecture}\\.webp$`));
    const stored = await s3.send(new GetObjectCommand({ Bucket: uploads, Key: key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(image)).toBe(true);
  });
});

/** The notify messages waiting on a queue. */
async function notifyMessagesOn(queueUrl: string): Promise<NotifyMessage[]> {
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (received.Messages ?? []).map((m) => JSON.parse(m.Body!) as NotifyMessage);
}
