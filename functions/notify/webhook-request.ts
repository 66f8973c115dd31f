import { Webhook } from 'standardwebhooks';
import type { WebhookSecret } from './secrets.js';

export const webhookUserAgent = 's3-image-pipeline-notify';

/**
 * The headers of one delivery attempt: the existing apps' `Authorization: Token`, and the Standard
 * Webhooks headers signed (v1, HMAC-SHA256 over `<id>.<timestamp>.<body>`) at `attemptAt`.
 */
export function webhookHeaders(webhookId: string, body: string, secret: WebhookSecret, attemptAt: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Token ${secret.token}`,
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret.signingSecret).sign(webhookId, attemptAt, body),
    'user-agent': webhookUserAgent,
  };
}
