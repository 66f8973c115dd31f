import type { WebhookReceivers } from './local-receivers.js';

/**
 * One line for the end of `npm run local` where the stack has webhook subscriptions:
 * `webhooks: 0 requests that did not verify (12 deliveries, 10 verified and answered 2xx)`; any
 * unverified request is listed, and fails the run. Undefined without subscriptions.
 */
export function unverifiedDeliveriesLine(receivers: WebhookReceivers): { line: string; unverified: number } | undefined {
  if (receivers.size === 0) return undefined;
  const all = receivers.all().flatMap((r) => r.deliveries);
  const unverified = all.filter((d) => !d.verified);
  const accepted = receivers.all().reduce((n, r) => n + r.accepted().length, 0);
  const listed = unverified.map((d) => `${d.subscriptionId} ${d.webhookId || '(no webhook-id)'}: ${d.unverifiedReason ?? 'not verified'}`);
  const line = `webhooks: ${unverified.length} ${unverified.length === 1 ? 'request' : 'requests'} that did not verify (${all.length} received, ${accepted} verified and answered 2xx)${listed.length > 0 ? `: ${listed.join('; ')}` : ''}`;
  return { line, unverified: unverified.length };
}
