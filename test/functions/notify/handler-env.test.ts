import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notifyFunctionEnvironment, webhookSecretParameterName } from '../../../config/function-env.js';
import { startSsmServer, type SsmServer } from '../../../scripts/kit/ssm/ssm-server.js';
import { fakeContext } from '../../support/context.js';
import { sqsEvent, sqsRecord } from '../../support/events.js';
import { testCredentials, testRegion } from '../../support/emulator.js';
import { newWebhookSecret, notifyMessage } from './notify-messages.js';
import { startSubscriber, type WebhookReceiver } from './subscriber.js';

const secret = newWebhookSecret();
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let ssm: SsmServer;
let receiver: WebhookReceiver;
let dlqUrl: string;

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false });
  dlqUrl = fauxqs.createQueue('imgpipe-dev-notify-dlq').queueUrl;
  ssm = await startSsmServer({ region: testRegion, accountId: '000000000000', parameters: { [webhookSecretParameterName('imgpipe-dev', 'orders-app')]: { value: JSON.stringify(secret), type: 'SecureString' } } });
  receiver = await startSubscriber(secret, [200, 403]);
  const env = notifyFunctionEnvironment(
    {
      subscriptions: [{ id: 'orders-app', url: receiver.endpoint, events: ['image.processed'], secretParameter: webhookSecretParameterName('imgpipe-dev', 'orders-app') }],
      timeoutMs: 2000,
      secretCacheSeconds: 60,
      deadLetterQueueUrl: dlqUrl,
    },
    'imgpipe-dev-notify',
  );
  for (const [name, value] of Object.entries({
    ...env,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_REGION: testRegion,
    AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_ENDPOINT_URL_SQS: fauxqs.address,
  })) {
    vi.stubEnv(name, value);
  }
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await receiver.close();
  await ssm.stop();
  await fauxqs.stop();
});

describe('notify handler.ts, wired only from its environment', () => {
  it('reads the secret through AWS_ENDPOINT_URL_SSM, delivers, and moves a refused delivery to NOTIFY_DEAD_LETTER_QUEUE_URL', async () => {
    const { handler } = await import('../../../functions/notify/handler.js');
    const delivered = notifyMessage('orders-app', 'images/one.png');
    const refused = notifyMessage('orders-app', 'images/two.png');

    const first = (await handler(sqsEvent(sqsRecord(delivered, 'm1')), fakeContext())) as SQSBatchResponse;
    const second = (await handler(sqsEvent(sqsRecord(refused, 'm2')), fakeContext())) as SQSBatchResponse;

    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(receiver.deliveries.map((d) => [d.webhookId, d.status, d.verified])).toEqual([
      [delivered.webhookId, 200, true],
      [refused.webhookId, 403, true],
    ]);
    const sqs = new SQSClient({ endpoint: fauxqs.address, region: testRegion, credentials: testCredentials });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    sqs.destroy();
    expect(Messages.map((m) => [m.Body, m.MessageAttributes?.ErrorCode?.StringValue, m.MessageAttributes?.HttpStatus?.StringValue])).toEqual([[JSON.stringify(refused), 'WebhookRejected', '403']]);
  });
});
