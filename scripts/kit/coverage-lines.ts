import type { KitPlan } from './terraform/kit-plan.js';

/** What the kit built from the stack, as printable lines: emulated, not emulated (named), off the data path. */
export function coverageLines(plan: KitPlan): string[] {
  const lines = [
    `stack ${plan.stack}: ${plan.buckets.length} buckets, ${plan.queues.length} queues, ${plan.notifications.reduce((n, x) => n + x.targets.length, 0)} notification entries, ` +
      `${plan.functions.length} functions, ${plan.eventSourceMappings.length} event source mappings, ${plan.restApis.reduce((n, a) => n + a.routes.length, 0)} API routes`,
  ];
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
