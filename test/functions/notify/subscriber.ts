import { WebhookReceiver, type ReceiverAnswer } from '../../../scripts/kit/webhooks/webhook-receiver.js';
import type { WebhookSecret } from '../../../scripts/kit/webhooks/webhook-secret.js';

export type { ReceiverAnswer, WebhookReceiver };

/**
 * The kit's webhook receiver as a subscriber's app behaves: 401 to a request whose token or
 * signature is wrong, otherwise `answers` in order (the last repeats; none: 200). Listening.
 */
export async function startSubscriber(secret: WebhookSecret, answers: readonly ReceiverAnswer[] = [], port?: number): Promise<WebhookReceiver> {
  const receiver = new WebhookReceiver('subscriber', secret, '/hooks/images', { refuseUnverified: true, ...(port !== undefined && { port }) });
  await receiver.listen();
  if (answers.length > 0) receiver.answerWith(...answers);
  return receiver;
}
