import type { ApiKeyPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { textField } from './blocks.js';

/** `aws_api_gateway_api_key`: each key with its own value or the one the kit generates. */
export function loadApiKeys(model: StackModel): ApiKeyPlan[] {
  return model.ofType('aws_api_gateway_api_key').map((r) => ({
    address: r.address,
    name: textField(model, r, 'name'),
    value: String(model.attribute(r.address, 'value')),
  }));
}
