import { KitError } from '../errors.js';
import type { FunctionPlan, LambdaPermissionPlan, NotificationPlan } from '../terraform/kit-plan.js';

const s3Principal = 's3.amazonaws.com';
const invokeActions = new Set(['lambda:InvokeFunction', 'lambda:*']);

/** IAM's ArnLike: `*` any run of characters, `?` one character, everything else literal. */
function arnLike(pattern: string, arn: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(arn);
}

/** Why a permission does not let S3 invoke the function for this bucket, or undefined when it does. */
function mismatch(permission: LambdaPermissionPlan, want: { functionName: string; qualifier?: string; bucketArn: string; accountId: string }): string | undefined {
  if (permission.functionName !== want.functionName) return `it is for ${permission.functionName}`;
  if (permission.principal !== s3Principal) return `principal ${permission.principal}, not ${s3Principal}`;
  if (!invokeActions.has(permission.action)) return `action ${permission.action}, not lambda:InvokeFunction`;
  if ((permission.qualifier ?? '') !== (want.qualifier ?? '')) return `qualifier ${permission.qualifier ?? '(none)'}, the notification names ${want.qualifier ?? 'the unqualified function'}`;
  if (permission.sourceArn !== undefined && !arnLike(permission.sourceArn, want.bucketArn)) return `source_arn ${permission.sourceArn} does not match ${want.bucketArn}`;
  if (permission.sourceAccount !== undefined && permission.sourceAccount !== want.accountId) return `source_account ${permission.sourceAccount} is not the account ${want.accountId}`;
  return undefined;
}

/**
 * What S3 checks when a notification configuration is saved: every Lambda destination needs a
 * permission for s3.amazonaws.com to invoke that function (qualifier included), whose source_arn
 * (when set) matches the bucket's ARN and whose source_account (when set) is the bucket owner's.
 * Throws as PutBucketNotificationConfiguration answers, naming each destination and what is missing.
 */
export function checkS3InvokePermissions(
  notification: NotificationPlan,
  functionByReference: ReadonlyMap<string, FunctionPlan>,
  permissions: readonly LambdaPermissionPlan[],
  accountId: string,
): void {
  const bucketArn = `arn:aws:s3:::${notification.bucket}`;
  const refused: string[] = [];
  for (const target of notification.targets) {
    if (target.kind !== 'lambda') continue;
    const fn = functionByReference.get(target.targetArn);
    if (!fn) {
      refused.push(`${target.id} (${target.targetArn}): no such function`);
      continue;
    }
    const qualifier = target.targetArn.startsWith(`${fn.arn}:`) ? target.targetArn.slice(fn.arn.length + 1) : undefined;
    const want = { functionName: fn.name, ...(qualifier !== undefined ? { qualifier } : {}), bucketArn, accountId };
    const candidates = permissions.filter((p) => p.functionName === fn.name);
    const reasons = candidates.map((p) => ({ address: p.address, why: mismatch(p, want) }));
    if (reasons.some((r) => r.why === undefined)) continue;
    const detail = reasons.length === 0 ? `no aws_lambda_permission for ${fn.name}` : reasons.map((r) => `${r.address}: ${r.why}`).join('; ');
    refused.push(`${target.id} (${target.targetArn}): no permission lets ${s3Principal} invoke it from ${bucketArn} in account ${accountId} (${detail})`);
  }
  if (refused.length > 0) {
    throw new KitError(
      'InvalidArgument',
      `${notification.address}: S3 refused PutBucketNotificationConfiguration on ${notification.bucket}: Unable to validate the following destination configurations: ${refused.join('; ')}`,
    );
  }
}
