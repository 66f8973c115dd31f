import { randomBytes } from 'node:crypto';

/** The value of a subscription's SecureString parameter (the contract's format). */
export interface WebhookSecret {
  /** Sent as `Authorization: Token <token>`. */
  readonly token: string;
  /** `whsec_<base64 of the HMAC key>`, as the standardwebhooks package takes it. */
  readonly signingSecret: string;
}

/** A fresh secret for one run: a 32-character token and a 32-byte signing key. */
export function generateWebhookSecret(): WebhookSecret {
  return { token: `kit_${randomBytes(16).toString('hex')}`, signingSecret: `whsec_${randomBytes(32).toString('base64')}` };
}

/** The secret in a parameter's value, or why it is not one. */
export function parseWebhookSecret(value: string): WebhookSecret | string {
  try {
    const parsed = JSON.parse(value) as Partial<WebhookSecret>;
    if (typeof parsed.token === 'string' && typeof parsed.signingSecret === 'string' && parsed.signingSecret.startsWith('whsec_')) return { token: parsed.token, signingSecret: parsed.signingSecret };
    return 'not {"token": "...", "signingSecret": "whsec_..."}';
  } catch {
    return 'not JSON';
  }
}
