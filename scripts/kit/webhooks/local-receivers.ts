import { envNames, readNotifyFunctionEnv, type NotifySubscriptionEnv } from '../../../config/function-env.js';
import { KitConfigError } from '../errors.js';
import type { FunctionPlan, KitPlan } from '../terraform/kit-plan.js';
import { WebhookReceiver } from './webhook-receiver.js';
import type { WebhookSecret } from './webhook-secret.js';

/** The `pipeline:function` tag of the function that POSTs the webhooks. */
export const notifyFunctionTag = 'notify';

/** Each subscription's receiver, by subscription id. */
export class WebhookReceivers {
  constructor(readonly byId: ReadonlyMap<string, WebhookReceiver> = new Map()) {}

  get(subscriptionId: string): WebhookReceiver {
    const receiver = this.byId.get(subscriptionId);
    if (!receiver) throw new Error(`no webhook receiver for subscription ${subscriptionId} (the stack's: ${[...this.byId.keys()].join(', ') || 'none'})`);
    return receiver;
  }

  get size(): number {
    return this.byId.size;
  }

  all(): WebhookReceiver[] {
    return [...this.byId.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((r) => r.close()));
  }
}

/** The notify function's subscriptions (its WEBHOOK_SUBSCRIPTIONS), with its webhook timeout. */
export function notifySubscriptions(fn: FunctionPlan): { subscriptions: readonly NotifySubscriptionEnv[]; timeoutMs: number } {
  try {
    const env = readNotifyFunctionEnv(fn.environment);
    return { subscriptions: env.subscriptions, timeoutMs: env.timeoutMs };
  } catch (error) {
    throw new KitConfigError(fn.address, `environment.variables.${envNames.webhookSubscriptions}`, (error as Error).message);
  }
}

/**
 * One local receiver per subscription of the notify function, each verifying with the secret of the
 * subscription's parameter; the function's WEBHOOK_SUBSCRIPTIONS is rewritten to point at them (a
 * note line each). A subscription whose parameter the stack does not declare is refused by name.
 */
export async function startLocalReceivers(plan: KitPlan, secrets: ReadonlyMap<string, WebhookSecret>): Promise<{ plan: KitPlan; receivers: WebhookReceivers; notes: string[] }> {
  const byId = new Map<string, WebhookReceiver>();
  const notes: string[] = [];
  try {
    const functions: FunctionPlan[] = [];
    for (const fn of plan.functions) {
      if (fn.pipelineFunction !== notifyFunctionTag) {
        functions.push(fn);
        continue;
      }
      const rewritten: NotifySubscriptionEnv[] = [];
      for (const subscription of notifySubscriptions(fn).subscriptions) {
        const secret = secrets.get(subscription.secretParameter);
        if (!secret) throw new KitConfigError(fn.address, envNames.webhookSubscriptions, `subscription ${subscription.id} reads ${subscription.secretParameter}, which no aws_ssm_parameter of the stack declares`);
        const receiver = byId.get(subscription.id) ?? new WebhookReceiver(subscription.id, secret, pathOf(subscription.url));
        if (!byId.has(subscription.id)) {
          byId.set(subscription.id, receiver);
          await receiver.listen();
        }
        notes.push(`${fn.address}: webhook ${subscription.id} ${subscription.url} -> ${receiver.endpoint} (a local receiver that verifies the token and the signature)`);
        rewritten.push({ ...subscription, url: receiver.endpoint });
      }
      functions.push({ ...fn, environment: { ...fn.environment, [envNames.webhookSubscriptions]: JSON.stringify(rewritten) } });
    }
    return { plan: { ...plan, functions }, receivers: new WebhookReceivers(byId), notes };
  } catch (error) {
    await Promise.all([...byId.values()].map((r) => r.close()));
    throw error;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname || '/';
  } catch {
    return '/';
  }
}
