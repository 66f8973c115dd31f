import { KitConfigError } from '../../errors.js';
import type { AwsRoutePlan, IntegrationResponsePlan, RequestModelPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';
import { textField } from './blocks.js';
import { methodValidation, requestValidatorsOf } from './request-validators.js';

/**
 * The methods of one REST API whose integration is `type = "AWS"`: the service action from the URI
 * (`arn:aws:apigateway:<region>:<service>:action/<Action>`), request templates, passthrough
 * behaviour, integration responses, the method's request models and validator, its method responses.
 */
export function loadAwsRoutes(model: StackModel, belongs: (r: TfResource) => boolean, pathOf: ReadonlyMap<string, string>): AwsRoutePlan[] {
  const integrations = model.ofType('aws_api_gateway_integration').filter(belongs);
  const sameMethod = (r: TfResource, resourceId: string, httpMethod: string): boolean =>
    String(model.field(r, 'resource_id')) === resourceId && String(model.field(r, 'http_method')) === httpMethod;
  const models = new Map(model.ofType('aws_api_gateway_model').filter(belongs).map((m) => [textField(model, m, 'name'), m]));
  const validators = requestValidatorsOf(model, belongs);
  const routes: AwsRoutePlan[] = [];
  for (const method of model.ofType('aws_api_gateway_method').filter(belongs)) {
    const resourceId = String(model.field(method, 'resource_id'));
    const httpMethod = String(model.field(method, 'http_method'));
    const integration = integrations.find((i) => sameMethod(i, resourceId, httpMethod));
    if (!integration || String(model.field(integration, 'type')) !== 'AWS') continue;
    const path = pathOf.get(resourceId);
    if (path === undefined) throw new KitConfigError(method.address, 'resource_id', 'does not name a resource of its REST API');
    const uri = textField(model, integration, 'uri');
    const action = /^arn:aws[\w-]*:apigateway:[^:]+:([^:]+):action\/(\w+)$/.exec(uri);
    if (!action) throw new KitConfigError(integration.address, 'uri', `${uri} is not an AWS service action URI (arn:aws:apigateway:<region>:<service>:action/<Action>)`);
    if (`${action[1]}:${action[2]}` !== 'states:StartExecution') throw new KitConfigError(integration.address, 'uri', `${action[1]}:${action[2]} is not emulated (only states:StartExecution)`);
    const requestModels: Record<string, RequestModelPlan> = {};
    for (const [contentType, name] of Object.entries((model.field(method, 'request_models') ?? {}) as Record<string, unknown>)) {
      const m = models.get(String(name));
      if (!m) throw new KitConfigError(method.address, `request_models["${contentType}"]`, `${String(name)} is not a model of this REST API`);
      requestModels[contentType.toLowerCase()] = { name: String(name), schema: parseSchema(model, m) };
    }
    const validation = methodValidation(model, method, validators);
    const credentials = textField(model, integration, 'credentials');
    routes.push({
      method: httpMethod,
      path,
      apiKeyRequired: model.field(method, 'api_key_required') === true,
      authorization: String(model.field(method, 'authorization') ?? 'NONE'),
      integration: {
        address: integration.address,
        service: action[1]!,
        action: action[2]!,
        ...(credentials ? { credentials } : {}),
        passthroughBehavior: textField(model, integration, 'passthrough_behavior') || 'WHEN_NO_MATCH',
        requestTemplates: lowerKeys((model.field(integration, 'request_templates') ?? {}) as Record<string, string>),
        responses: model
          .ofType('aws_api_gateway_integration_response')
          .filter((r) => belongs(r) && sameMethod(r, resourceId, httpMethod))
          .map((r): IntegrationResponsePlan => {
            const selectionPattern = model.field(r, 'selection_pattern');
            return {
              statusCode: Number(model.field(r, 'status_code')),
              ...(typeof selectionPattern === 'string' && selectionPattern !== '' ? { selectionPattern } : {}),
              templates: lowerKeys((model.field(r, 'response_templates') ?? {}) as Record<string, string>),
            };
          }),
      },
      requestModels,
      validateRequestBody: validation.body,
      validateRequestParameters: validation.parameters,
      methodResponseStatuses: model
        .ofType('aws_api_gateway_method_response')
        .filter((r) => belongs(r) && sameMethod(r, resourceId, httpMethod))
        .map((r) => Number(model.field(r, 'status_code'))),
    });
  }
  return routes;
}

function parseSchema(model: StackModel, m: TfResource): unknown {
  const schema = model.field(m, 'schema');
  if (typeof schema !== 'string') return schema ?? {};
  try {
    return JSON.parse(schema) as unknown;
  } catch (error) {
    throw new KitConfigError(m.address, 'schema', `not JSON: ${(error as Error).message}`);
  }
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
