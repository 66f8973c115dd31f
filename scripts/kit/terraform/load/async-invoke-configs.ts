import { KitConfigError } from '../../errors.js';
import type { AsyncInvokeConfigPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { numberField, single, textField, type NotEmulated, type StackIndex } from './blocks.js';

/** Lambda's asynchronous invocation defaults when the Terraform leaves them out. */
export const asyncInvokeDefaults = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 } as const;

/**
 * `aws_lambda_function_event_invoke_config`: retries, maximum event age and the on-failure
 * destination of a function of this stack. The kit delivers destination records to SQS queues of
 * the stack only; another destination, an on-success destination or a qualifier other than
 * `$LATEST` is named in `gaps`.
 */
export function loadAsyncInvokeConfigs(model: StackModel, { queueByArn, functionByReference }: StackIndex, gaps: NotEmulated[]): AsyncInvokeConfigPlan[] {
  const configs: AsyncInvokeConfigPlan[] = [];
  for (const r of model.ofType('aws_lambda_function_event_invoke_config')) {
    const fn = functionByReference.get(textField(model, r, 'function_name'));
    if (!fn) throw new KitConfigError(r.address, 'function_name', `${textField(model, r, 'function_name')} is not a function of this stack`);
    const qualifier = model.field(r, 'qualifier');
    if (qualifier !== undefined && qualifier !== null && qualifier !== '$LATEST') {
      gaps.push({ address: r.address, reason: `qualifier ${String(qualifier)} (the kit runs $LATEST only)` });
      continue;
    }
    const destinations = single(model.field(r, 'destination_config'));
    const onFailure = String(single(destinations?.on_failure)?.destination ?? '');
    const onSuccess = String(single(destinations?.on_success)?.destination ?? '');
    if (onSuccess) gaps.push({ address: r.address, reason: `on-success destination ${onSuccess} (not emulated)` });
    const queueDestination = onFailure !== '' && queueByArn.has(onFailure);
    if (onFailure && !queueDestination) gaps.push({ address: r.address, reason: `on-failure destination ${onFailure} is not an SQS queue of this stack (the kit delivers destination records to those only)` });
    configs.push({
      address: r.address,
      functionName: fn.name,
      maximumRetryAttempts: numberField(model, r, 'maximum_retry_attempts', asyncInvokeDefaults.maximumRetryAttempts),
      maximumEventAgeSeconds: numberField(model, r, 'maximum_event_age_in_seconds', asyncInvokeDefaults.maximumEventAgeSeconds),
      ...(queueDestination ? { onFailureQueueArn: onFailure } : {}),
    });
  }
  return configs;
}
