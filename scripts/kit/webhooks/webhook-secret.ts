import { randomBytes } from 'node:crypto';
import type { WebhookSecret } from '../../../functions/notify/secrets.js';

/** The value of a subscription's SecureString parameter, as the notify function reads it. */
export type { WebhookSecret };

/** A fresh secret for one run: a 32-character token and a 32-byte signing key. */
export function generateWebhookSecret(): WebhookSecret {
  return { token: `kit_${randomBytes(16).toString('hex')}`, signingSecret: `whsec_${randomBytes(32).toString('base64')}` };
}
