import type { GatewayResponsePlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';

/** `aws_api_gateway_gateway_response` of one REST API: status, body templates, and static headers without their quotes. */
export function loadGatewayResponses(model: StackModel, belongs: (r: TfResource) => boolean): GatewayResponsePlan[] {
  return model.ofType('aws_api_gateway_gateway_response').filter(belongs).map((r) => {
    const parameters = (model.field(r, 'response_parameters') ?? {}) as Record<string, unknown>;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(parameters)) {
      const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
      if (header) headers[header] = String(value).replace(/^'(.*)'$/, '$1');
    }
    const statusCode = model.field(r, 'status_code');
    return {
      responseType: String(model.field(r, 'response_type')),
      ...(statusCode !== undefined && statusCode !== null ? { statusCode: Number(statusCode) } : {}),
      templates: (model.field(r, 'response_templates') ?? {}) as Record<string, string>,
      headers,
    };
  });
}
