import { KitConfigError } from '../../errors.js';
import type { ApiRoutePlan, FunctionPlan, RestApiPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';
import { asArray } from './blocks.js';
import { loadAwsRoutes } from './aws-routes.js';
import { loadGatewayResponses } from './gateway-responses.js';
import { loadApiKeysByStage } from './usage-plans.js';
import { methodValidation, requestValidatorsOf } from './request-validators.js';

/** `aws_api_gateway_rest_api` with the resources, methods, integrations, stages, usage plans and gateway responses that belong to it. */
export function loadRestApis(model: StackModel, functionByReference: ReadonlyMap<string, FunctionPlan>): RestApiPlan[] {
  return model.ofType('aws_api_gateway_rest_api').map((api) => {
    const id = String(model.attribute(api.address, 'id'));
    const belongs = (r: TfResource): boolean => String(model.field(r, 'rest_api_id')) === id;
    return {
      address: api.address,
      id,
      name: String(model.field(api, 'name') ?? ''),
      binaryMediaTypes: asArray(model.field(api, 'binary_media_types')).map(String),
      stageNames: stageNames(model, belongs),
      routes: routes(model, api, belongs, functionByReference),
      apiKeysByStage: loadApiKeysByStage(model, id),
      gatewayResponses: loadGatewayResponses(model, belongs),
      awsRoutes: loadAwsRoutes(model, belongs, resourcePaths(model, api, belongs)),
    };
  });
}

/** `aws_api_gateway_resource` paths by resource id, resolved parent-first from the root resource. */
function resourcePaths(model: StackModel, api: TfResource, belongs: (r: TfResource) => boolean): ReadonlyMap<string, string> {
  const resources = model.ofType('aws_api_gateway_resource').filter(belongs);
  const pathOf = new Map<string, string>([[String(model.attribute(api.address, 'root_resource_id')), '/']]);
  // A few passes cover any nesting depth, whatever the declaration order.
  for (let pass = 0; pass <= resources.length; pass++) {
    for (const r of resources) {
      const parent = pathOf.get(String(model.field(r, 'parent_id')));
      if (parent !== undefined) pathOf.set(String(model.attribute(r.address, 'id')), `${parent === '/' ? '' : parent}/${String(model.field(r, 'path_part'))}`);
    }
  }
  return pathOf;
}

/** `aws_api_gateway_method` + its `aws_api_gateway_integration`: Lambda proxy integrations of this stack's functions (AWS service integrations: `aws-routes.ts`). */
function routes(model: StackModel, api: TfResource, belongs: (r: TfResource) => boolean, functionByReference: ReadonlyMap<string, FunctionPlan>): ApiRoutePlan[] {
  const pathOf = resourcePaths(model, api, belongs);
  const integrations = model.ofType('aws_api_gateway_integration').filter(belongs);
  const validators = requestValidatorsOf(model, belongs);
  return model.ofType('aws_api_gateway_method').filter(belongs).flatMap((method): ApiRoutePlan[] => {
    const resourceId = String(model.field(method, 'resource_id'));
    const httpMethod = String(model.field(method, 'http_method'));
    const path = pathOf.get(resourceId);
    if (path === undefined) throw new KitConfigError(method.address, 'resource_id', 'does not name a resource of its REST API');
    const integration = integrations.find((i) => String(model.field(i, 'resource_id')) === resourceId && String(model.field(i, 'http_method')) === httpMethod);
    if (!integration) throw new KitConfigError(method.address, '', 'has no integration');
    const type = String(model.field(integration, 'type'));
    if (type === 'AWS') return [];
    if (type !== 'AWS_PROXY') throw new KitConfigError(integration.address, 'type', `${type} integrations are not emulated (only AWS_PROXY, and AWS service integrations)`);
    const uri = String(model.field(integration, 'uri'));
    const fn = functionByReference.get(/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? '');
    if (!fn) throw new KitConfigError(integration.address, 'uri', `${uri} does not invoke a function of this stack`);
    const parameters = (model.field(method, 'request_parameters') ?? {}) as Record<string, unknown>;
    const requiredHeaders =
      methodValidation(model, method, validators).parameters
        ? Object.entries(parameters)
            .filter(([name, required]) => required === true && name.startsWith('method.request.header.'))
            .map(([name]) => name.slice('method.request.header.'.length))
        : [];
    return [
      {
        method: httpMethod,
        path,
        functionName: fn.name,
        apiKeyRequired: model.field(method, 'api_key_required') === true,
        authorization: String(model.field(method, 'authorization') ?? 'NONE'),
        ...(requiredHeaders.length > 0 ? { requiredHeaders } : {}),
      },
    ];
  });
}

/** `aws_api_gateway_stage` names, and the `stage_name` of deployments that create their stage. */
function stageNames(model: StackModel, belongs: (r: TfResource) => boolean): string[] {
  const names = [
    ...model.ofType('aws_api_gateway_stage').filter(belongs).map((s) => String(model.field(s, 'stage_name'))),
    ...model
      .ofType('aws_api_gateway_deployment')
      .filter(belongs)
      .flatMap((d) => (typeof model.field(d, 'stage_name') === 'string' ? [String(model.field(d, 'stage_name'))] : [])),
  ];
  return [...new Set(names)];
}
