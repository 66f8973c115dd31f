import { KitConfigError } from '../../errors.js';
import type { NotificationPlan, NotificationTarget } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { asArray, textField, type NotEmulated, type StackIndex } from './blocks.js';

/** Destinations S3 can notify that the kit does not deliver to, by argument name. */
const undelivered: Readonly<Record<string, string>> = { topic: 'SNS delivery is not emulated' };

/**
 * `aws_s3_bucket_notification`: the queue and Lambda entries with their events and filters. An
 * entry naming a queue or function the stack does not declare is an error; SNS delivery is named
 * in `gaps`. `eventbridge = true` sends every object event of the bucket to the default bus.
 */
export function loadNotifications(model: StackModel, { queueByArn, functionByReference }: StackIndex, gaps: NotEmulated[]): NotificationPlan[] {
  return model.ofType('aws_s3_bucket_notification').map((r) => {
    for (const [field, why] of Object.entries(undelivered)) {
      if (asArray(model.field(r, field)).length > 0) gaps.push({ address: r.address, reason: `${field} notifications (${why})` });
    }
    const entries = [
      ...asArray(model.field(r, 'queue')).map((entry, i) => ({ entry, i, kind: 'queue' as const, arnField: 'queue_arn' })),
      ...asArray(model.field(r, 'lambda_function')).map((entry, i) => ({ entry, i, kind: 'lambda' as const, arnField: 'lambda_function_arn' })),
    ];
    const targets: NotificationTarget[] = entries.map(({ entry, i, kind, arnField }) => {
      const targetArn = String(entry[arnField] ?? '');
      if (kind === 'queue' && !queueByArn.has(targetArn)) throw new KitConfigError(r.address, `queue[${i}].queue_arn`, `${targetArn} is not a queue of this stack`);
      if (kind === 'lambda' && !functionByReference.has(targetArn)) throw new KitConfigError(r.address, `lambda_function[${i}]`, `${targetArn} is not a function of this stack`);
      return {
        id: typeof entry.id === 'string' && entry.id ? entry.id : `tf-s3-${kind}-${i}`,
        kind,
        targetArn,
        events: asArray(entry.events).map(String),
        filterPrefix: String(entry.filter_prefix ?? ''),
        filterSuffix: String(entry.filter_suffix ?? ''),
      };
    });
    return { address: r.address, bucket: textField(model, r, 'bucket'), targets, ...(model.field(r, 'eventbridge') === true ? { eventBridge: true } : {}) };
  });
}
