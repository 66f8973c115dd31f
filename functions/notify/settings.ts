import { z } from 'zod';
import { envNames, readNotifyFunctionEnv, type NotifyFunctionEnv, type NotifySubscriptionEnv } from '../../config/function-env.js';
import { NotifySettingsError } from './errors.js';

export type NotifySettings = NotifyFunctionEnv;

/** Plain http only to this machine (the local stack's receivers); everything else must be https. */
const loopbackHosts = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;

/** Why `url` may not receive webhooks, or undefined when it may. */
export function refusedWebhookUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && loopbackHosts.test(parsed.hostname)) return undefined;
  return 'must be https (plain http only to 127.0.0.1, localhost or [::1])';
}

const subscriptionSchema = z.object({
  id: z.string().min(1),
  url: z.string().superRefine((url, ctx) => {
    const refused = refusedWebhookUrl(url);
    if (refused !== undefined) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(url)} ${refused}` });
  }),
  events: z.array(z.string()).min(1),
  secretParameter: z.string().startsWith('/'),
}) satisfies z.ZodType<NotifySubscriptionEnv>;

const settingsSchema = z.object({
  subscriptions: z.array(subscriptionSchema).min(1),
  timeoutMs: z.number().int().positive(),
  secretCacheSeconds: z.number().int().nonnegative(),
  deadLetterQueueUrl: z.string().min(1),
});

/** Read once per container, at module scope. Throws naming the variable and the field that is wrong. */
export function readNotifySettings(env: NodeJS.ProcessEnv = process.env): NotifySettings {
  const raw = readNotifyFunctionEnv(env);
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const variables: Record<string, string> = {
    subscriptions: envNames.webhookSubscriptions,
    timeoutMs: envNames.webhookTimeoutMs,
    secretCacheSeconds: envNames.webhookSecretCacheSeconds,
    deadLetterQueueUrl: envNames.notifyDeadLetterQueueUrl,
  };
  const problems = parsed.error.issues.map((issue) => {
    const [field, ...rest] = issue.path.map(String);
    const where = [variables[field ?? ''] ?? field, ...rest].join('.');
    return `${where}: ${issue.message}`;
  });
  throw new NotifySettingsError(`Notify function environment: ${problems.join('; ')}`);
}
