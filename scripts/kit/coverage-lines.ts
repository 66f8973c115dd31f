import { plural } from '../report/plural.js';
import type { KitPlan } from './terraform/kit-plan.js';

/** What the kit built from the stack, as printable lines: emulated, not emulated (named), off the data path. */
export function coverageLines(plan: KitPlan): string[] {
  const notificationEntries = plan.notifications.reduce((n, x) => n + x.targets.length, 0);
  const toEventBridge = plan.notifications.filter((n) => n.eventBridge).length;
  const routes = plan.restApis.reduce((n, a) => n + a.routes.length + (a.awsRoutes?.length ?? 0), 0);
  const parts = [
    plural(plan.buckets.length, 'bucket'),
    plural(plan.queues.length, 'queue'),
    plural(notificationEntries, 'notification entry', 'notification entries'),
    ...(toEventBridge > 0 ? [`${plural(toEventBridge, 'bucket')} notifying EventBridge`] : []),
    ...(plan.eventRules.length > 0 ? [plural(plan.eventRules.length, 'EventBridge rule')] : []),
    ...(plan.stateMachines.length > 0 ? [plural(plan.stateMachines.length, 'state machine')] : []),
    plural(plan.functions.length, 'function'),
    plural(plan.eventSourceMappings.length, 'event source mapping'),
    plural(routes, 'API route'),
    ...(plan.dynamoTables.length > 0 ? [plural(plan.dynamoTables.length, 'DynamoDB table')] : []),
    ...(plan.ssmParameters.length > 0 ? [plural(plan.ssmParameters.length, 'SSM parameter')] : []),
  ];
  const lines = [`stack ${plan.stack}: ${parts.join(', ')}`];
  for (const missing of plan.coverage.notEmulated) lines.push(`not emulated: ${missing.address} (${missing.reason})`);
  if (plan.coverage.offPath.length > 0) lines.push(`not emulated (not on the data path): ${countByType(plan.coverage.offPath)}`);
  return lines;
}

/** `aws_iam_role x2, aws_kms_key` from resource addresses (`type.name`). */
function countByType(addresses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const address of addresses) {
    const type = address.split('.')[0] ?? address;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([type, n]) => (n > 1 ? `${type} x${n}` : type)).join(', ');
}
