import { KitConfigError } from '../../errors.js';
import type { EventSourceMappingPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { asArray, numberField, single, textField, type NotEmulated, type StackIndex } from './blocks.js';

/** Lambda's SQS defaults when the Terraform leaves them out. */
const mappingDefaults = { batchSize: 10, batchingWindowSeconds: 0 } as const;

/** `aws_lambda_event_source_mapping`: SQS mappings of this stack's queues; any other source is named in `gaps`. */
export function loadEventSourceMappings(model: StackModel, { queueByArn, functionByReference }: StackIndex, gaps: NotEmulated[]): EventSourceMappingPlan[] {
  const mappings: EventSourceMappingPlan[] = [];
  for (const r of model.ofType('aws_lambda_event_source_mapping')) {
    const eventSourceArn = textField(model, r, 'event_source_arn');
    const queue = queueByArn.get(eventSourceArn);
    if (!queue) {
      gaps.push({ address: r.address, reason: `event source ${eventSourceArn} is not an SQS queue of this stack` });
      continue;
    }
    const fn = functionByReference.get(textField(model, r, 'function_name'));
    if (!fn) throw new KitConfigError(r.address, 'function_name', `${textField(model, r, 'function_name')} is not a function of this stack`);
    const scaling = single(model.field(r, 'scaling_config'));
    mappings.push({
      address: r.address,
      eventSourceArn,
      queueName: queue.name,
      functionName: fn.name,
      batchSize: numberField(model, r, 'batch_size', mappingDefaults.batchSize),
      batchingWindowSeconds: numberField(model, r, 'maximum_batching_window_in_seconds', mappingDefaults.batchingWindowSeconds),
      reportBatchItemFailures: asArray(model.field(r, 'function_response_types')).includes('ReportBatchItemFailures'),
      ...(scaling?.maximum_concurrency !== undefined ? { maximumConcurrency: Number(scaling.maximum_concurrency) } : {}),
      enabled: model.field(r, 'enabled') !== false,
    });
  }
  return mappings;
}
