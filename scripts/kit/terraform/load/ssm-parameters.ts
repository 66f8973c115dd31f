import { KitConfigError } from '../../errors.js';
import type { SsmParameterPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { textField } from './blocks.js';

const types = new Set(['String', 'SecureString', 'StringList']);

/**
 * `aws_ssm_parameter`: name and type. A write-only value (`value_wo`, from an ephemeral variable) is
 * never in the Terraform: the kit generates one per run. The value expressions are not resolved.
 */
export function loadSsmParameters(model: StackModel): SsmParameterPlan[] {
  return model.ofType('aws_ssm_parameter').map((r) => {
    const name = textField(model, r, 'name');
    if (!name) throw new KitConfigError(r.address, 'name', 'the kit needs the parameter name');
    const type = textField(model, r, 'type') || 'String';
    if (!types.has(type)) throw new KitConfigError(r.address, 'type', `${type} is not a parameter type (String, SecureString, StringList)`);
    const writeOnly = r.config.value_wo !== undefined;
    const value = writeOnly || r.config.value === undefined ? undefined : textField(model, r, 'value');
    return { address: r.address, name, type: type as SsmParameterPlan['type'], writeOnly, ...(value !== undefined ? { value } : {}) };
  });
}
