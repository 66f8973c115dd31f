import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver, type WebhookDelivery } from '../../scripts/kit/webhooks/webhook-receiver.js';
import { generateWebhookSecret } from '../../scripts/kit/webhooks/webhook-secret.js';

const secret = generateWebhookSecret();
const body = JSON.stringify({ type: 'image.processed', timestamp: '2026-01-01T00:00:00.000Z', data: { source: { key: 'images/a.jpg' } } });

/** POSTs as the notify function does, signed with `signingSecret`; resolves with the delivery the receiver recorded. */
async function post(receiver: WebhookReceiver, options: { signingSecret?: string; token?: string; signal?: AbortSignal } = {}): Promise<{ delivery: WebhookDelivery; status?: number }> {
  const recorded = new Promise<WebhookDelivery>((resolve) => receiver.once('delivery', resolve));
  const now = new Date();
  const id = 'msg_0123456789abcdef0123456789abcdef';
  const reply = await fetch(receiver.endpoint, {
    method: 'POST',
    body,
    ...(options.signal ? { signal: options.signal } : {}),
    headers: {
      'content-type': 'application/json',
      authorization: `Token ${options.token ?? secret.token}`,
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(options.signingSecret ?? secret.signingSecret).sign(id, now, body),
    },
  }).catch(() => undefined);
  return { delivery: await recorded, ...(reply ? { status: reply.status } : {}) };
}

describe('the local webhook receiver', () => {
  const receiver = new WebhookReceiver('cms', secret, '/webhooks');
  beforeAll(async () => {
    await receiver.listen();
  });
  afterAll(() => receiver.close());

  it('verifies a request signed with the subscription secret and carrying its token', async () => {
    const { delivery, status } = await post(receiver);
    expect(status).toBe(200);
    expect(delivery).toMatchObject({ subscriptionId: 'cms', verified: true, status: 200, body, payload: JSON.parse(body) });
    expect(new URL(receiver.endpoint).pathname).toBe('/webhooks');
  });

  it('reports a signature made with another secret, and a wrong token', async () => {
    const other = generateWebhookSecret();
    expect((await post(receiver, { signingSecret: other.signingSecret })).delivery).toMatchObject({ verified: false, unverifiedReason: 'signature: No matching signature found' });
    expect((await post(receiver, { token: other.token })).delivery).toMatchObject({ verified: false, unverifiedReason: 'wrong Authorization token' });
  });

  it('answers as told: 500 then 200, counting attempts by webhook-id', async () => {
    receiver.answerWith(500, 200);
    const first = await post(receiver);
    const second = await post(receiver);
    receiver.answerWith(200);
    expect([first.status, second.status]).toEqual([500, 200]);
    expect(second.delivery.attempt).toBe(first.delivery.attempt + 1);
  });

  it('records a request it never answers once the sender gives up (its timeout), without a status', async () => {
    receiver.answerWith('hang');
    const { delivery, status } = await post(receiver, { signal: AbortSignal.timeout(300) });
    receiver.answerWith(200);
    expect(status).toBeUndefined();
    expect(delivery).toMatchObject({ verified: true, webhookId: 'msg_0123456789abcdef0123456789abcdef' });
    expect(delivery.status).toBeUndefined();
  });
});
