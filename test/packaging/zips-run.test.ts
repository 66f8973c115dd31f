import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaults, maxPixelsForMemory, processFunctionEnvironment, resolveProcessingSpec, uploadFunctionEnvironment } from '../../config/index.js';
import { outputKeysFor } from '../../functions/core/index.js';
import { packageFunctions } from '../../scripts/packaging/index.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../support/emulator.js';
import { uploadRequest } from '../support/api-gateway.js';
import { s3Put, sample, sqsEvent, sqsRecord } from '../support/events.js';
import { extractZip } from '../support/zip.js';

const run = promisify(execFile);
const uploads = sample.uploadsBucket;
const outputs = 'imgpipe-dev-outputs-123456789012';
const sourceKey = 'images/zip/photo.jpg';
const spec = resolveProcessingSpec('default', { maxInputPixels: maxPixelsForMemory(1536), maxInputBytes: 32 * 1024 * 1024 });
const keyContext = { triggerPrefix: 'images/', outputPrefix: '' };

let scratch: string;
let functionDir: string;
let uploadDir: string;
let server: Emulator;
let s3: S3Client;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pipeline-zip-test-'));
  const zips = await packageFunctions({ architecture: 'x86_64', outDir: join(scratch, 'dist') });
  functionDir = join(scratch, 'process');
  uploadDir = join(scratch, 'upload');
  await extractZip(zips.process, functionDir);
  await extractZip(zips.upload, uploadDir);
  ({ server, s3 } = await startEmulator([uploads, outputs]));
});

afterAll(async () => {
  await server?.stop();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

const processEnv = () => processFunctionEnvironment({ outputBucket: outputs, processing: spec, ...keyContext }, 'imgpipe-dev-process');

/** Runs an unzipped handler with plain node in its own directory, as the Lambda runtime would. */
async function invoke(
  event: unknown,
  dir = functionDir,
  functionEnv: Record<string, string> = processEnv(),
): Promise<{ reply: unknown; logs: Record<string, unknown>[] }> {
  const resultPath = join(scratch, 'reply.json');
  const runner = `
    const { handler } = await import('./index.mjs');
    const context = { functionName: 'imgpipe-dev-process', functionVersion: '$LATEST', memoryLimitInMB: '1536',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:imgpipe-dev-process',
      awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60000 };
    const reply = await handler(JSON.parse(process.env.TEST_EVENT), context);
    (await import('node:fs')).writeFileSync(process.env.TEST_REPLY_PATH, JSON.stringify(reply));`;
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', runner], {
    cwd: dir,
    timeout: 60_000,
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
  return { reply: JSON.parse(await readFile(resultPath, 'utf8')), logs };
}

describe('the x86_64 process zip, unzipped and run with plain node', () => {
  it('holds only the bundle and node_modules (nothing from the repository)', async () => {
    expect((await readdir(functionDir)).sort()).toEqual(['index.mjs', 'index.mjs.map', 'node_modules']);
    expect((await stat(join(functionDir, 'node_modules/@img/sharp-linux-x64/package.json'))).isFile()).toBe(true);
  });

  it('loads its handler, its SDK, its logger and sharp\'s linux-x64 binary from the zip alone, and writes every output', async () => {
    const image = await readFile(new URL('../../fixtures/images/photo-640x480.jpg', import.meta.url));
    const put = await s3.send(new PutObjectCommand({ Bucket: uploads, Key: sourceKey, Body: image, ContentType: 'image/jpeg' }));
    const event = sqsEvent(sqsRecord(s3Put({ key: sourceKey, size: image.length, eTag: (put.ETag ?? '').replace(/"/g, '') }), 'msg-zip'));

    const { reply, logs } = await invoke(event);

    expect(reply).toEqual({ batchItemFailures: [] });
    // Each output decodes in its format: the zip's libvips encodes what the spec asks.
    for (const key of outputKeysFor(sourceKey, spec, keyContext)) {
      const got = await s3.send(new GetObjectCommand({ Bucket: outputs, Key: key }));
      const meta = await sharp(Buffer.from(await got.Body!.transformToByteArray())).metadata();
      expect(meta.format, key).toBe(key.endsWith('.webp') ? 'webp' : 'jpeg');
    }
    // Powertools' logger came with the bundle: one JSON line per processed object.
    expect(logs.filter((line) => line.message === 'processed')).toEqual([expect.objectContaining({ level: 'INFO', key: sourceKey })]);
  });
});

describe('the x86_64 upload zip, unzipped and run with plain node', () => {
  it('holds only the bundle', async () => {
    expect((await readdir(uploadDir)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('loads its handler and its SDK from the zip alone, and stores a posted image', async () => {
    const image = await readFile(new URL('../../fixtures/images/photo-800x600.webp', import.meta.url));
    const env = uploadFunctionEnvironment(
      { uploadsBucket: uploads, triggerPrefix: 'images/', allowedSuffixes: defaults.triggerSuffixes, maxUploadBytes: 1 << 20, outputPrefix: '', processing: spec },
      'imgpipe-dev-upload',
    );

    const { reply } = await invoke(uploadRequest({ body: image, headers: { 'X-Filename': 'holiday.webp' } }), uploadDir, env);

    const response = reply as { statusCode: number; body: string };
    expect(response.statusCode).toBe(201);
    const { key } = JSON.parse(response.body) as { key: string };
    const stored = await s3.send(new GetObjectCommand({ Bucket: uploads, Key: key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(image)).toBe(true);
  });
});
