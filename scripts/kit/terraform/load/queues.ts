import { KitConfigError } from '../../errors.js';
import type { QueuePlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';
import { numberField } from './blocks.js';

/** SQS's default when the Terraform leaves it out. */
const defaultVisibilityTimeoutSeconds = 30;

/** Optional arguments passed to CreateQueue as they are: argument -> queue attribute. */
const passThrough: readonly (readonly [string, string])[] = [
  ['message_retention_seconds', 'MessageRetentionPeriod'],
  ['receive_wait_time_seconds', 'ReceiveMessageWaitTimeSeconds'],
  ['delay_seconds', 'DelaySeconds'],
  ['max_message_size', 'MaximumMessageSize'],
];

/** `aws_sqs_queue`: name, ARN, URL and the attributes CreateQueue takes, redrive policy included. */
export function loadQueues(model: StackModel): QueuePlan[] {
  return model.ofType('aws_sqs_queue').map((r) => queuePlan(model, r));
}

function queuePlan(model: StackModel, r: TfResource): QueuePlan {
  const visibilityTimeoutSeconds = numberField(model, r, 'visibility_timeout_seconds', defaultVisibilityTimeoutSeconds);
  const attributes: Record<string, string> = { VisibilityTimeout: String(visibilityTimeoutSeconds) };
  for (const [field, attribute] of passThrough) {
    const value = model.field(r, field);
    if (value !== undefined && value !== null) attributes[attribute] = String(value);
  }
  if (model.field(r, 'fifo_queue') === true) attributes.FifoQueue = 'true';
  if (model.field(r, 'content_based_deduplication') === true) attributes.ContentBasedDeduplication = 'true';
  if (model.field(r, 'sqs_managed_sse_enabled') !== undefined) attributes.SqsManagedSseEnabled = String(model.field(r, 'sqs_managed_sse_enabled'));
  const redrive = redrivePolicy(model, r);
  if (redrive) attributes.RedrivePolicy = JSON.stringify(redrive);
  return {
    address: r.address,
    name: String(model.field(r, 'name')),
    arn: String(model.attribute(r.address, 'arn')),
    url: String(model.attribute(r.address, 'url')),
    attributes,
    visibilityTimeoutSeconds,
    ...(redrive ? { redrive } : {}),
  };
}

function redrivePolicy(model: StackModel, r: TfResource): QueuePlan['redrive'] {
  const text = model.field(r, 'redrive_policy');
  if (typeof text !== 'string' || !text) return undefined;
  const parsed = JSON.parse(text) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
  if (!parsed.deadLetterTargetArn || parsed.maxReceiveCount === undefined) {
    throw new KitConfigError(r.address, 'redrive_policy', 'needs deadLetterTargetArn and maxReceiveCount');
  }
  return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: Number(parsed.maxReceiveCount) };
}
