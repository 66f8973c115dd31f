import type { BucketPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';

/** `aws_s3_bucket`: each bucket by the name Terraform would give it. */
export function loadBuckets(model: StackModel): BucketPlan[] {
  return model.ofType('aws_s3_bucket').map((r) => ({ address: r.address, name: String(model.attribute(r.address, 'bucket')) }));
}
