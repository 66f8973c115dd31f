import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { webhookSecretParameterName } from '../../../config/function-env.js';
import { NotifyHarness, stackName, type HarnessOptions } from './notify-harness.js';
import { newWebhookSecret, notifyMessage } from './notify-messages.js';
import { startSubscriber, type ReceiverAnswer } from './subscriber.js';

// Every test has its own queues, SSM endpoint and receivers (ports 0), so they run side by side: most of their
// time is spent waiting out the queue's 1 s visibility timeout between attempts. Stopped together at the end.
const running: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function harness(options: HarnessOptions): Promise<NotifyHarness> {
  const started = await NotifyHarness.start(options);
  running.push(started);
  return started;
}

/** A receiver for one subscription with its own fresh secret, answering from `answers`. */
async function subscriber(answers: ReceiverAnswer[] = []) {
  const secret = newWebhookSecret();
  const receiver = await startSubscriber(secret, answers);
  running.push({ stop: () => receiver.close() });
  return { secret, receiver };
}

describe.concurrent('notify function: a subscriber that answers 2xx', () => {
  it('gets exactly one signed delivery with the token, the payload as sent and a stable webhook-id', async () => {
    const { secret, receiver } = await subscriber([{ status: 200 }]);
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }] });
    const message = notifyMessage('orders-app');

    await notify.send(message);
    const [batch] = await notify.waitForBatches(1);

    expect(batch?.outcome).toBe('succeeded');
    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    expect(delivery).toMatchObject({ verified: true, status: 200 });
    expect(delivery?.body).toBe(JSON.stringify(message.payload));
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: `Token ${secret.token}`,
      'webhook-id': message.webhookId,
      'user-agent': 's3-image-pipeline-notify',
    });
    expect(Math.abs(Number(delivery?.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(new Webhook(secret.signingSecret).verify(delivery!.body, delivery!.headers)).toEqual(message.payload);
    expect(notify.depths()).toEqual({ queue: 0, dlq: 0 });
    const logged = notify.logger.entries.find((e) => e.message === 'webhook delivered');
    expect(logged?.fields).toMatchObject({ subscriptionId: 'orders-app', webhookId: message.webhookId, status: 200 });
    expect(typeof logged?.fields.ms).toBe('number');
  });

  it('signs so that a tampered body, another secret or another id fails verification', async () => {
    const { secret, receiver } = await subscriber();
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }] });
    await notify.send(notifyMessage('orders-app'));
    const [delivery] = await receiver.waitForDeliveries(1);
    const verify = (signingSecret: string, body: string, headers: Record<string, string>) => () => new Webhook(signingSecret).verify(body, headers);

    expect(verify(secret.signingSecret, delivery!.body, delivery!.headers)).not.toThrow();
    expect(verify(secret.signingSecret, delivery!.body.replace('"width":1200', '"width":1201'), delivery!.headers)).toThrow(WebhookVerificationError);
    expect(verify(newWebhookSecret().signingSecret, delivery!.body, delivery!.headers)).toThrow(WebhookVerificationError);
    expect(verify(secret.signingSecret, delivery!.body, { ...delivery!.headers, 'webhook-id': 'msg_other' })).toThrow(WebhookVerificationError);
  });
});

describe.concurrent('notify function: failures the queue retries', () => {
  it('500 then 200: two attempts carrying the same webhook-id, then done', async () => {
    const { secret, receiver } = await subscriber([{ status: 500 }, { status: 200 }]);
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }] });
    const message = notifyMessage('orders-app');

    await notify.send(message);
    const batches = await notify.waitForBatches(2);

    expect(batches.map((b) => [b.outcome, b.receiveCounts[0]])).toEqual([
      ['failed', 1],
      ['succeeded', 2],
    ]);
    expect(receiver.deliveries.map((d) => [d.status, d.webhookId, d.verified])).toEqual([
      [500, message.webhookId, true],
      [200, message.webhookId, true],
    ]);
    expect(notify.depths()).toEqual({ queue: 0, dlq: 0 });
    expect(notify.logger.entries.find((e) => e.message === 'webhook not delivered, will retry')?.fields).toMatchObject({ status: 500, reason: `${receiver.endpoint} answered 500 Internal Server Error` });
  });

  it('always 500: tried maxReceiveCount times, then redriven to the notify DLQ unchanged', async () => {
    const { secret, receiver } = await subscriber(Array.from({ length: 10 }, () => ({ status: 503 })));
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }], maxReceiveCount: 3 });
    const message = notifyMessage('orders-app');

    await notify.send(message);
    const [dead] = await notify.waitForDeadLetters(1);

    expect(receiver.deliveries.map((d) => d.status)).toEqual([503, 503, 503]);
    expect(notify.batches.map((b) => b.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(dead?.body).toBe(JSON.stringify(message));
    // Redriven by the queue, not moved by the function: no reason attached.
    expect(dead?.attributes.ErrorCode).toBeUndefined();
  });

  it('cuts a receiver that does not answer within the timeout, and retries it', async () => {
    const { secret, receiver } = await subscriber(['hang', { status: 204 }]);
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }], timeoutMs: 300 });
    const message = notifyMessage('orders-app');

    await notify.send(message);
    await notify.waitForBatches(2);
    await receiver.waitForDeliveries(2);

    expect(receiver.deliveries.map((d) => [d.status ?? 'cut by client', d.webhookId])).toEqual([
      ['cut by client', message.webhookId],
      [204, message.webhookId],
    ]);
    expect(notify.batches.map((b) => b.outcome)).toEqual(['failed', 'succeeded']);
    expect(notify.logger.entries.find((e) => e.message === 'webhook not delivered, will retry')?.fields.reason).toBe(`${receiver.endpoint} did not answer within 300 ms`);
  });

  it('retries a refused connection, and delivers once the subscriber listens again', async () => {
    const { secret, receiver: first } = await subscriber();
    const url = first.endpoint;
    const port = Number(new URL(url).port);
    await first.close();
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url, secret }] });

    await notify.send(notifyMessage('orders-app'));
    const [refused] = await notify.waitForBatches(1);
    expect(refused?.outcome).toBe('failed');
    expect(notify.logger.entries.find((e) => e.message === 'webhook not delivered, will retry')?.fields.reason).toBe(`${url} refused the connection (ECONNREFUSED)`);

    const back = await startSubscriber(secret, [], port);
    running.push({ stop: () => back.close() });
    const [delivery] = await back.waitForDeliveries(1);
    await notify.waitForBatches(2);
    expect(delivery).toMatchObject({ status: 200, verified: true });
    expect(notify.batches[1]?.outcome).toBe('succeeded');
  });

  it('two subscribers, one down: the healthy one gets exactly one delivery while the other is retried into the DLQ', async () => {
    const healthy = await subscriber();
    const down = await subscriber(Array.from({ length: 10 }, () => ({ status: 502 })));
    const notify = await harness({
      subscriptions: [
        { id: 'orders-app', url: healthy.receiver.endpoint, secret: healthy.secret },
        { id: 'cms', url: down.receiver.endpoint, secret: down.secret },
      ],
      maxReceiveCount: 2,
    });
    const forOrders = notifyMessage('orders-app');
    const forCms = notifyMessage('cms');

    await notify.send(forOrders);
    await notify.send(forCms);
    const [dead] = await notify.waitForDeadLetters(1);

    expect(dead?.body).toBe(JSON.stringify(forCms));
    expect(healthy.receiver.deliveries.map((d) => [d.status, d.webhookId])).toEqual([[200, forOrders.webhookId]]);
    expect(down.receiver.deliveries.map((d) => [d.status, d.webhookId])).toEqual([
      [502, forCms.webhookId],
      [502, forCms.webhookId],
    ]);
    expect(forOrders.webhookId).not.toBe(forCms.webhookId);
  });
});

describe.concurrent('notify function: answers no retry can fix go to the notify DLQ at once', () => {
  it('401 (a wrong token, checked by the receiver): one attempt, then the DLQ with the status and reason', async () => {
    const { receiver } = await subscriber();
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret: newWebhookSecret() }] });
    const message = notifyMessage('orders-app', 'images/a/ünïcode photo.png');

    await notify.send(message);
    const [dead] = await notify.waitForDeadLetters(1);
    await notify.waitForBatches(1);

    expect(receiver.deliveries.map((d) => [d.status, d.verified])).toEqual([[401, false]]);
    expect(notify.batches.map((b) => b.outcome)).toEqual(['succeeded']);
    expect(dead?.body).toBe(JSON.stringify(message));
    expect(dead?.attributes).toMatchObject({
      ErrorCode: 'WebhookRejected',
      ErrorMessage: `${receiver.endpoint} answered 401 Unauthorized`,
      HttpStatus: '401',
      SubscriptionId: 'orders-app',
      WebhookId: message.webhookId,
      SourceKey: 'images/a/ünïcode photo.png',
    });
  });

  it('302: not followed, the DLQ at once with the status', async () => {
    const elsewhere = await subscriber();
    const { secret, receiver } = await subscriber([{ status: 302, headers: { location: elsewhere.receiver.endpoint } }]);
    const notify = await harness({ subscriptions: [{ id: 'cms', url: receiver.endpoint, secret }] });

    await notify.send(notifyMessage('cms'));
    const [dead] = await notify.waitForDeadLetters(1);

    expect(receiver.deliveries).toHaveLength(1);
    expect(elsewhere.receiver.deliveries).toHaveLength(0);
    expect(dead?.attributes).toMatchObject({ ErrorCode: 'WebhookRedirected', HttpStatus: '302', ErrorMessage: `${receiver.endpoint} answered 302 Found (to ${elsewhere.receiver.endpoint}, not followed)` });
  });

  it('a message for a subscription the function does not have, and a body that is not a notify message', async () => {
    const { secret, receiver } = await subscriber();
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }] });
    const stray = notifyMessage('removed-app');

    await notify.send(stray);
    await notify.send('{"Records": []}');
    const dead = await notify.waitForDeadLetters(2);

    const byCode = Object.fromEntries(dead.map((d) => [d.attributes.ErrorCode, d]));
    expect(byCode.UnknownSubscription?.attributes).toMatchObject({ SubscriptionId: 'removed-app', WebhookId: stray.webhookId, ErrorMessage: 'no subscription "removed-app" (this function has "orders-app")' });
    expect(byCode.BadNotifyMessage?.body).toBe('{"Records": []}');
    expect(byCode.BadNotifyMessage?.attributes.ErrorMessage).toMatch(/^not a notify message: subscriptionId: /);
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describe.concurrent('notify function: secrets from SSM', () => {
  /** The Authorization of two deliveries to one receiver, the secret's token rotated in SSM between them. */
  async function tokensAcrossRotation(secretCacheSeconds: number): Promise<{ sent: (string | undefined)[]; old: string; rotated: string }> {
    const { secret, receiver } = await subscriber();
    const rotated = { ...secret, token: `${secret.token}-rotated` };
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }], secretCacheSeconds });
    await notify.send(notifyMessage('orders-app'));
    await receiver.waitForDeliveries(1);
    notify.ssm.set(webhookSecretParameterName(stackName, 'orders-app'), JSON.stringify(rotated));
    await notify.send(notifyMessage('orders-app', 'images/second.png'));
    const deliveries = await receiver.waitForDeliveries(2);
    return { sent: deliveries.map((d) => d.headers.authorization), old: `Token ${secret.token}`, rotated: `Token ${rotated.token}` };
  }

  it('keeps a secret for its cache time: a token rotated in SSM is not read again within it', async () => {
    const { sent, old } = await tokensAcrossRotation(300);
    expect(sent).toEqual([old, old]);
  });

  it('reads the secret on every delivery with a cache time of 0', async () => {
    const { sent, old, rotated } = await tokensAcrossRotation(0);
    expect(sent).toEqual([old, rotated]);
  });

  it('retries (never dead-letters at once) while a secret is unusable, naming its parameter', async () => {
    const { receiver } = await subscriber();
    const notify = await harness({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret: '{"token": "short"}' }], maxReceiveCount: 1 });

    await notify.send(notifyMessage('orders-app'));
    const [dead] = await notify.waitForDeadLetters(1);

    expect(dead?.attributes.ErrorCode).toBeUndefined();
    expect(receiver.deliveries).toHaveLength(0);
    const logged = notify.logger.entries.find((e) => e.message === 'webhook secret unusable, will retry');
    expect((logged?.fields.error as Error).message).toBe(
      `secret parameter /${stackName}/webhooks/orders-app: is not {"token": "<16+ chars>", "signingSecret": "whsec_<base64>"}: token must be at least 16 characters; signingSecret Invalid input: expected string, received undefined`,
    );
  });
});
