import type { KitPlan } from '../terraform/kit-plan.js';
import { notifyFunctionTag, notifySubscriptions } from './local-receivers.js';

/**
 * The notify queue's visibility timeout, shortened locally (a noted override) so that a retried
 * delivery comes back within seconds instead of the Terraform's (90 s with the defaults): the
 * webhook timeout plus 2 s, so a delivery still running is not handed out twice; `seconds` when given.
 */
export function shortenNotifyVisibility(plan: KitPlan, seconds?: number): { plan: KitPlan; notes: string[] } {
  const notes: string[] = [];
  const notifyFunctions = plan.functions.filter((f) => f.pipelineFunction === notifyFunctionTag);
  const local = new Map<string, number>();
  for (const mapping of plan.eventSourceMappings) {
    const fn = notifyFunctions.find((f) => f.name === mapping.functionName);
    if (fn) local.set(mapping.queueName, seconds ?? Math.ceil(notifySubscriptions(fn).timeoutMs / 1000) + 2);
  }
  const queues = plan.queues.map((queue) => {
    const visibility = local.get(queue.name);
    if (visibility === undefined || visibility >= queue.visibilityTimeoutSeconds) return queue;
    notes.push(`${queue.address}: visibility timeout ${queue.visibilityTimeoutSeconds}s -> ${visibility}s (locally, so that a retried webhook delivery does not wait)`);
    return { ...queue, visibilityTimeoutSeconds: visibility, attributes: { ...queue.attributes, VisibilityTimeout: String(visibility) } };
  });
  return { plan: { ...plan, queues }, notes };
}
