import type { StackModel } from '../stack-model.js';
import { asArray } from './blocks.js';

/** `aws_api_gateway_usage_plan` + `aws_api_gateway_usage_plan_key`: the key values each stage of one REST API accepts. */
export function loadApiKeysByStage(model: StackModel, restApiId: string): Record<string, string[]> {
  const byStage: Record<string, string[]> = {};
  for (const plan of model.ofType('aws_api_gateway_usage_plan')) {
    const stages = asArray(model.field(plan, 'api_stages')).filter((s) => String(s.api_id) === restApiId).map((s) => String(s.stage));
    const planId = String(model.attribute(plan.address, 'id'));
    const keyIds = model
      .ofType('aws_api_gateway_usage_plan_key')
      .filter((k) => String(model.field(k, 'usage_plan_id')) === planId)
      .map((k) => String(model.field(k, 'key_id')));
    const values = model
      .ofType('aws_api_gateway_api_key')
      .filter((k) => keyIds.includes(String(model.attribute(k.address, 'id'))))
      .map((k) => String(model.attribute(k.address, 'value')));
    for (const stage of stages) byStage[stage] = [...(byStage[stage] ?? []), ...values];
  }
  return byStage;
}
