import type { AwsRoutePlan, GatewayResponsePlan, RestApiPlan } from '../terraform/kit-plan.js';
import { javaRegExp } from './java-string.js';
import { renderMappingTemplate } from './mapping-template.js';
import type { HttpReply } from './proxy-response.js';
import { requestBodyErrors } from './request-model.js';

/** StartExecution as the caller provides it (the kit's StepFunctions fits); a thrown error with a `code` is an API error. */
export interface StepFunctionsApi {
  startExecution(request: { stateMachineArn: string; input?: string; name?: string }): { executionArn: string; startDate: Date } | Promise<{ executionArn: string; startDate: Date }>;
}

export interface AwsIntegrationRequest {
  readonly body: string;
  /** Header names as sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly stage: string;
  readonly sourceIp: string;
  readonly accountId: string;
  readonly apiKey?: string;
}

/** What the integration answered, and why the gateway answered itself when it did. */
export interface AwsIntegrationAnswer {
  readonly reply: HttpReply;
  readonly reason?: string;
  /** The AWS service's own answer (status and JSON body), when it was called. */
  readonly service?: { readonly statusCode: number; readonly body: string };
}

/** API Gateway's own replies on this path: response type, status, message. */
const gatewayErrors = {
  badRequestBody: { type: 'BAD_REQUEST_BODY', status: 400, message: 'Invalid request body' },
  unsupportedMediaType: { type: 'UNSUPPORTED_MEDIA_TYPE', status: 415, message: 'Unsupported Media Type' },
  internal: { type: 'DEFAULT_5XX', status: 500, message: 'Internal server error' },
} as const;

/**
 * A method with an AWS service integration (Step Functions StartExecution): the request validator
 * and model (400 `Invalid request body`, shaped by a BAD_REQUEST_BODY gateway response), the request
 * template for the content type (415 when `passthrough_behavior` forbids passing the body), the
 * service call with StartExecution's own errors (a template that renders invalid JSON gets
 * SerializationException, an input that is not JSON InvalidExecutionInput), then the integration
 * response chosen by its selection pattern against the service's status, rendered by its template.
 */
export async function answerAwsIntegration(api: RestApiPlan, route: AwsRoutePlan, request: AwsIntegrationRequest, stepFunctions: StepFunctionsApi): Promise<AwsIntegrationAnswer> {
  const contentType = (headerValue(request.headers, 'content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const context = templateContext(api, route, request);
  const model = route.requestModels[contentType] ?? route.requestModels.$default;
  if (route.validateRequestBody && model) {
    const validationErrorString = requestBodyErrors(model.schema, request.body);
    if (validationErrorString !== undefined) {
      return { reply: gatewayReply(api, gatewayErrors.badRequestBody, { ...context, error: errorContext(gatewayErrors.badRequestBody, validationErrorString) }), reason: `the body does not match the model ${model.name}: ${validationErrorString}` };
    }
  }
  const { requestTemplates, passthroughBehavior } = route.integration;
  const template = requestTemplates[contentType];
  const hasTemplates = Object.keys(requestTemplates).length > 0;
  if (template === undefined && (passthroughBehavior === 'NEVER' || (passthroughBehavior === 'WHEN_NO_TEMPLATES' && hasTemplates))) {
    return { reply: gatewayReply(api, gatewayErrors.unsupportedMediaType, { ...context, error: errorContext(gatewayErrors.unsupportedMediaType) }), reason: `no request template for ${contentType} and passthrough_behavior ${passthroughBehavior}` };
  }
  const params = { querystring: request.querystring, header: request.headers };
  let serviceRequest: string;
  try {
    serviceRequest = template === undefined ? request.body : renderMappingTemplate(template, { body: request.body, params }, context);
  } catch (error) {
    return { reply: gatewayReply(api, gatewayErrors.internal, { ...context, error: errorContext(gatewayErrors.internal) }), reason: `the request template failed: ${(error as Error).message}` };
  }
  if (route.integration.service !== 'states' || route.integration.action !== 'StartExecution') {
    return { reply: gatewayReply(api, gatewayErrors.internal, { ...context, error: errorContext(gatewayErrors.internal) }), reason: `${route.integration.service}:${route.integration.action} is not emulated` };
  }
  const service = await callStartExecution(serviceRequest, stepFunctions);
  const response = selectIntegrationResponse(route, service.statusCode);
  if (!response) {
    return { reply: gatewayReply(api, gatewayErrors.internal, { ...context, error: errorContext(gatewayErrors.internal) }), reason: `no integration response for status ${service.statusCode}`, service };
  }
  const responseTemplate = response.templates['application/json'];
  let body: string;
  try {
    body = responseTemplate === undefined || responseTemplate === '' ? service.body : renderMappingTemplate(responseTemplate, { body: service.body }, context);
  } catch (error) {
    return { reply: gatewayReply(api, gatewayErrors.internal, { ...context, error: errorContext(gatewayErrors.internal) }), reason: `the response template failed: ${(error as Error).message}`, service };
  }
  const reason = service.statusCode >= 400 ? `StartExecution answered ${service.statusCode}: ${service.body}` : undefined;
  return { reply: { statusCode: response.statusCode, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(body) }, service, ...(reason ? { reason } : {}) };
}

/** StartExecution over its JSON protocol: the request body as Step Functions would parse it, errors as `{"__type", "message"}`. */
async function callStartExecution(body: string, stepFunctions: StepFunctionsApi): Promise<{ statusCode: number; body: string }> {
  const fail = (statusCode: number, type: string, message: string) => ({ statusCode, body: JSON.stringify({ __type: type, message }) });
  let request: unknown;
  try {
    request = JSON.parse(body) as unknown;
  } catch (error) {
    return fail(400, 'SerializationException', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  const { stateMachineArn, input, name } = (request ?? {}) as { stateMachineArn?: unknown; input?: unknown; name?: unknown };
  if (typeof stateMachineArn !== 'string') return fail(400, 'ValidationException', "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null");
  if ((input !== undefined && typeof input !== 'string') || (name !== undefined && typeof name !== 'string')) return fail(400, 'SerializationException', 'input and name must be strings');
  try {
    const started = await stepFunctions.startExecution({ stateMachineArn, ...(input !== undefined ? { input } : {}), ...(name !== undefined ? { name } : {}) });
    // The JSON protocol writes timestamps as epoch seconds.
    return { statusCode: 200, body: JSON.stringify({ executionArn: started.executionArn, startDate: started.startDate.getTime() / 1000 }) };
  } catch (error) {
    const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
    if (typeof e.code === 'string' && typeof e.statusCode === 'number' && e.statusCode < 500) return fail(e.statusCode, e.code, String(e.message));
    return fail(500, 'InternalFailure', String(e?.message ?? error));
  }
}

/** The integration response whose selection pattern (a Java regex, whole string) matches the status, else the default one. */
function selectIntegrationResponse(route: AwsRoutePlan, statusCode: number) {
  const status = String(statusCode);
  const responses = route.integration.responses;
  return responses.find((r) => r.selectionPattern !== undefined && r.selectionPattern !== '' && javaRegExp(`^(?:${r.selectionPattern})$`, '').test(status)) ?? responses.find((r) => r.selectionPattern === undefined || r.selectionPattern === '');
}

function templateContext(api: RestApiPlan, route: AwsRoutePlan, request: AwsIntegrationRequest): Record<string, unknown> {
  const now = new Date();
  return {
    requestId: request.requestId,
    extendedRequestId: request.requestId,
    stage: request.stage,
    apiId: api.id,
    accountId: request.accountId,
    httpMethod: route.method,
    resourcePath: route.path,
    path: `/${request.stage}${route.path}`,
    protocol: 'HTTP/1.1',
    requestTime: now.toUTCString(),
    requestTimeEpoch: now.getTime(),
    domainName: `${api.id}.execute-api.localhost`,
    identity: { sourceIp: request.sourceIp, apiKey: request.apiKey ?? '', userAgent: headerValue(request.headers, 'user-agent') ?? '' },
  };
}

function errorContext(error: { type: string; message: string }, validationErrorString = ''): Record<string, string> {
  return { message: error.message, messageString: JSON.stringify(error.message), responseType: error.type, validationErrorString };
}

/** The gateway's reply for its own error, shaped by the API's gateway response of that type, else DEFAULT_4XX/5XX, else `{"message"}`. */
function gatewayReply(api: RestApiPlan, error: { type: string; status: number; message: string }, context: Record<string, unknown>): HttpReply {
  const fallback = error.status < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX';
  const custom: GatewayResponsePlan | undefined = api.gatewayResponses.find((r) => r.responseType === error.type) ?? api.gatewayResponses.find((r) => r.responseType === fallback);
  const [contentType, template] = Object.entries(custom?.templates ?? {})[0] ?? ['application/json', undefined];
  // Gateway response templates see $context only; the VTL renderer gives them the same variables.
  const body = template === undefined ? JSON.stringify({ message: error.message }) : renderMappingTemplate(template, { body: '' }, context);
  return { statusCode: custom?.statusCode ?? error.status, headers: { 'Content-Type': contentType, ...(custom?.headers ?? {}) }, body: Buffer.from(body) };
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.entries(headers).find(([h]) => h.toLowerCase() === name)?.[1];
}
