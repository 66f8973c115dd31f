import { z } from 'zod';
import { SecretUnusableError } from './errors.js';

/** A subscription's secrets, as stored (JSON) in its SecureString parameter. */
export interface WebhookSecret {
  /** Sent as `Authorization: Token <token>`. */
  readonly token: string;
  /** `whsec_` + base64 of 24-64 random bytes: the Standard Webhooks HMAC key. */
  readonly signingSecret: string;
}

const signingSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be 'whsec_' followed by base64")
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must hold 24 to 64 bytes after whsec_');

const webhookSecretSchema = z.object({
  token: z.string().min(16, 'must be at least 16 characters'),
  signingSecret,
}) satisfies z.ZodType<WebhookSecret>;

/** Powertools Parameters' `getParameter` as the notify function calls it (tests pass an SSMProvider's `get`). */
export type ParameterReader = (name: string, options: { decrypt: true; maxAge: number; transform: 'json' }) => Promise<unknown>;

/**
 * Reads and checks a subscription's secret: decrypted, parsed as JSON and cached for `maxAgeSeconds`
 * by Powertools (0: read on every delivery). Throws SecretUnusableError naming the parameter; the
 * message never holds the secret's value.
 */
export function createSecretReader(readParameter: ParameterReader, maxAgeSeconds: number): (parameterName: string) => Promise<WebhookSecret> {
  return async (parameterName) => {
    let value: unknown;
    try {
      value = await readParameter(parameterName, { decrypt: true, maxAge: maxAgeSeconds, transform: 'json' });
    } catch (error) {
      throw new SecretUnusableError(parameterName, `could not be read: ${(error as Error).message}`, { cause: error });
    }
    if (value === undefined) throw new SecretUnusableError(parameterName, 'not found');
    const parsed = webhookSecretSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'value'} ${issue.message}`);
      throw new SecretUnusableError(parameterName, `is not {"token": "<16+ chars>", "signingSecret": "whsec_<base64>"}: ${problems.join('; ')}`);
    }
    return parsed.data;
  };
}
