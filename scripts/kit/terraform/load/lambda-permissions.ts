import { KitConfigError } from '../../errors.js';
import type { FunctionPlan, LambdaPermissionPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { textField } from './blocks.js';

/** A resolved optional argument: undefined when absent or empty. */
function optionalText(model: StackModel, resource: Parameters<StackModel['field']>[0], field: string): string | undefined {
  const value = model.field(resource, field);
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** `aws_lambda_permission`: each statement with its principal and source conditions, its function resolved to a name. */
export function loadLambdaPermissions(model: StackModel, functionByReference: ReadonlyMap<string, FunctionPlan>): LambdaPermissionPlan[] {
  return model.ofType('aws_lambda_permission').map((r) => {
    const reference = textField(model, r, 'function_name');
    const fn = functionByReference.get(reference);
    if (!fn) throw new KitConfigError(r.address, 'function_name', `${reference} is not a function of this stack`);
    // A qualified ARN as function_name is the same as a qualifier.
    const qualifier = optionalText(model, r, 'qualifier') ?? (reference.startsWith(`${fn.arn}:`) ? reference.slice(fn.arn.length + 1) : undefined);
    const sourceArn = optionalText(model, r, 'source_arn');
    const sourceAccount = optionalText(model, r, 'source_account');
    return {
      address: r.address,
      statementId: textField(model, r, 'statement_id'),
      action: textField(model, r, 'action'),
      functionName: fn.name,
      ...(qualifier !== undefined ? { qualifier } : {}),
      principal: textField(model, r, 'principal'),
      ...(sourceArn !== undefined ? { sourceArn } : {}),
      ...(sourceAccount !== undefined ? { sourceAccount } : {}),
    };
  });
}
