import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createS3Client, createSqsClient } from '../../../functions/shared/clients.js';
import { startEmulator, testCredentials, testRegion, type Emulator } from '../../support/emulator.js';

describe('createS3Client', () => {
  it('uses path-style addressing only when AWS_S3_FORCE_PATH_STYLE=true', () => {
    expect(createS3Client({ AWS_S3_FORCE_PATH_STYLE: 'true' }).config.forcePathStyle).toBe(true);
    expect(createS3Client({}).config.forcePathStyle).toBe(false);
    expect(createS3Client({ AWS_S3_FORCE_PATH_STYLE: 'false' }).config.forcePathStyle).toBe(false);
  });
});

describe('createSqsClient: where SendMessage goes', () => {
  let server: Emulator;
  let endpoint: string;
  let queueUrl: string;
  let reader: SQSClient;

  beforeAll(async () => {
    ({ server, endpoint } = await startEmulator([]));
    reader = new SQSClient({ endpoint, region: testRegion, credentials: testCredentials });
  });
  afterAll(async () => {
    reader.destroy();
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    queueUrl = server.createQueue('imgpipe-dev-process-dlq').queueUrl;
    // The SDK reads the endpoint, region and credentials from the environment, as in Lambda.
    vi.stubEnv('AWS_REGION', testRegion);
    vi.stubEnv('AWS_ACCESS_KEY_ID', testCredentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', testCredentials.secretAccessKey);
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function bodiesInQueue(): Promise<string[]> {
    const { Messages = [] } = await reader.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    return Messages.map((m) => m.Body ?? '');
  }

  async function sendWith(env: NodeJS.ProcessEnv, url: string, body: string): Promise<void> {
    const client = createSqsClient(env);
    try {
      await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    } finally {
      client.destroy();
    }
  }

  it("with no endpoint configured (AWS), sends to the queue URL's own host", async () => {
    // No AWS_ENDPOINT_URL: the SDK would pick sqs.eu-west-1.amazonaws.com, unreachable here; only
    // the queue URL's host (the emulator, as in AWS the queue's own host) can take the message.
    const reachable = new URL(new URL(queueUrl).pathname, endpoint).toString();

    await sendWith(process.env, reachable, 'to the queue url');

    expect(await bodiesInQueue()).toEqual(['to the queue url']);
  });

  it.each(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SQS'])('with %s set (a local emulator), sends there even when the queue URL names a host that does not resolve', async (name) => {
    vi.stubEnv(name, endpoint);
    // fauxqs names its queues http://sqs.<region>.localhost:<port>/..., which does not resolve here.
    expect(new URL(queueUrl).hostname).toMatch(/\.localhost$/);

    await sendWith(process.env, queueUrl, `via ${name}`);

    expect(await bodiesInQueue()).toEqual([`via ${name}`]);
  });
});
