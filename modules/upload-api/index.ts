import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key/index.js';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment/index.js';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response/index.js';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration/index.js';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method/index.js';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings/index.js';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator/index.js';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource/index.js';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api/index.js';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage/index.js';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan/index.js';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association/index.js';
import { dependable, Fn, Lazy, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { PipelineFunction } from '../lambda-function/index.js';

/** `apiKey`: callers send `x-api-key`; `iam`: SigV4-signed calls. */
export type UploadApiAuth = 'apiKey' | 'iam';

/** What another route on the same API contributes to its deployment (see `UploadApi.addRoute`). */
export interface ApiRoute {
  /** Values whose change must redeploy the stage (ids, URIs, templates). */
  readonly redeployOn: readonly unknown[];
  /** Resources the deployment must wait for (methods, integrations, responses). */
  readonly dependables: readonly ITerraformDependable[];
}

export interface UploadApiProps {
  /** Name of the REST API; also prefixes the API key and usage plan names. */
  readonly apiName: string;
  /** The function behind `POST /<resourcePath>` (Lambda proxy integration). */
  readonly handler: PipelineFunction;
  /** @default 'v1' */
  readonly stageName?: string;
  /** @default 'uploads' */
  readonly resourcePath?: string;
  /** Content types passed to the function as binary (base64). @default the six image types plus application/octet-stream */
  readonly binaryMediaTypes?: readonly string[];
  /** `apiKey`: callers send `x-api-key` (key + usage plan created here); `iam`: SigV4-signed calls (AWS_IAM). @default 'apiKey' */
  readonly auth?: UploadApiAuth;
  /** Stage and usage-plan steady rate, requests per second. @default 20 */
  readonly rateLimit?: number;
  /** Stage and usage-plan burst. @default 40 */
  readonly burstLimit?: number;
  /**
   * Execution logging (level INFO, no request or response data) and JSON access logs in a log
   * group. API Gateway writes them with the account's CloudWatch role (`ApiGatewayAccountLogging`,
   * one per account and region, so not created here). @default false
   */
  readonly logging?: boolean;
  /** Retention of the access log group, when there is one. @default 30 */
  readonly logRetentionDays?: number;
  /** Encrypt the access log group with this KMS key. @default CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /** X-Ray tracing of the stage. @default false */
  readonly tracing?: boolean;
  /** Associate this regional WAFv2 web ACL with the stage. @default none */
  readonly wafWebAclArn?: string;
}

const defaultProps: Required<Omit<UploadApiProps, 'apiName' | 'handler' | 'logKmsKeyArn' | 'wafWebAclArn'>> = {
  stageName: 'v1',
  resourcePath: 'uploads',
  binaryMediaTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif', 'application/octet-stream'],
  auth: 'apiKey',
  rateLimit: 20,
  burstLimit: 40,
  logging: false,
  logRetentionDays: 30,
  tracing: false,
};

const errorBody = '{"error":"$context.error.responseType","message":$context.error.messageString}';

/**
 * A regional REST API with one route, `POST /uploads`, proxied to a function; throttled at the
 * stage, guarded by an API key and usage plan (or IAM), with JSON bodies on gateway errors.
 */
export class UploadApi extends Construct {
  readonly restApi: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>/uploads` */
  readonly uploadUrl: string;
  /** Set when auth is `apiKey`. */
  readonly apiKey?: ApiGatewayApiKey;
  /** How callers authenticate; other routes on this API use the same. */
  readonly auth: UploadApiAuth;
  private readonly deployment: ApiGatewayDeployment;
  private readonly extraRedeployOn: unknown[] = [];

  constructor(scope: Construct, id: string, props: UploadApiProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    this.auth = settings.auth;

    this.restApi = new ApiGatewayRestApi(this, 'rest-api', {
      name: settings.apiName,
      description: `POST /${settings.resourcePath}: image uploads`,
      binaryMediaTypes: [...settings.binaryMediaTypes],
      endpointConfiguration: { types: ['REGIONAL'] },
      // A replaced API is live before the old one goes (the stage and deployment follow it).
      lifecycle: { createBeforeDestroy: true },
    });
    const resource = new ApiGatewayResource(this, 'resource', {
      restApiId: this.restApi.id,
      parentId: this.restApi.rootResourceId,
      pathPart: settings.resourcePath,
    });
    // The body is an image (no model to check); the gateway refuses a request without Content-Type,
    // which would otherwise reach the function as text and lose its bytes.
    const validator = new ApiGatewayRequestValidator(this, 'request-validator', {
      restApiId: this.restApi.id,
      name: `${settings.apiName}-headers`,
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    const method = new ApiGatewayMethod(this, 'post', {
      restApiId: this.restApi.id,
      resourceId: resource.id,
      httpMethod: 'POST',
      authorization: settings.auth === 'iam' ? 'AWS_IAM' : 'NONE',
      apiKeyRequired: settings.auth === 'apiKey',
      requestValidatorId: validator.id,
      requestParameters: { 'method.request.header.Content-Type': true },
    });
    const integration = new ApiGatewayIntegration(this, 'integration', {
      restApiId: this.restApi.id,
      resourceId: resource.id,
      httpMethod: method.httpMethod,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: settings.handler.invokeArn,
    });
    const gatewayResponses = (['DEFAULT_4XX', 'DEFAULT_5XX'] as const).map(
      (responseType) =>
        new ApiGatewayGatewayResponse(this, `response-${responseType.toLowerCase()}`, {
          restApiId: this.restApi.id,
          responseType,
          responseTemplates: { 'application/json': errorBody },
        }),
    );

    new LambdaPermission(this, 'invoke-permission', {
      statementId: 'AllowApiGatewayInvoke',
      action: 'lambda:InvokeFunction',
      functionName: settings.handler.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.restApi.executionArn}/*/POST/${settings.resourcePath}`,
    });

    const redeployOn = [
      resource.id,
      method.id,
      method.authorization,
      method.apiKeyRequired,
      validator.id,
      integration.id,
      integration.uri,
      this.restApi.binaryMediaTypes,
      ...gatewayResponses.map((response) => response.id),
    ];
    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.restApi.id,
      // A new deployment whenever a route, its integration or the API's settings change (routes added later included).
      triggers: {
        redeployment: Lazy.stringValue({ produce: () => Fn.sha1(Fn.jsonencode([...redeployOn, ...this.extraRedeployOn])) }),
      },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [method, integration, ...gatewayResponses],
    });

    const accessLogGroup = settings.logging
      ? new CloudwatchLogGroup(this, 'access-logs', {
          name: `/aws/apigateway/${settings.apiName}/${settings.stageName}/access`,
          retentionInDays: settings.logRetentionDays,
          ...(settings.logKmsKeyArn !== undefined && { kmsKeyId: settings.logKmsKeyArn }),
        })
      : undefined;

    this.deployment = deployment;
    this.stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.restApi.id,
      deploymentId: deployment.id,
      stageName: settings.stageName,
      xrayTracingEnabled: settings.tracing,
      ...(accessLogGroup && {
        accessLogSettings: {
          destinationArn: accessLogGroup.arn,
          format: JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        },
      }),
    });

    new ApiGatewayMethodSettings(this, 'method-settings', {
      restApiId: this.restApi.id,
      stageName: this.stage.stageName,
      methodPath: '*/*',
      settings: {
        throttlingRateLimit: settings.rateLimit,
        throttlingBurstLimit: settings.burstLimit,
        metricsEnabled: true,
        // Errors and request summaries only: request data (bodies, headers) stays out of the logs.
        ...(settings.logging && { loggingLevel: 'INFO', dataTraceEnabled: false }),
      },
    });

    if (props.wafWebAclArn !== undefined) {
      new Wafv2WebAclAssociation(this, 'waf', { resourceArn: this.stage.arn, webAclArn: props.wafWebAclArn });
    }

    if (settings.auth === 'apiKey') {
      this.apiKey = new ApiGatewayApiKey(this, 'api-key', { name: `${settings.apiName}-key`, enabled: true });
      const usagePlan = new ApiGatewayUsagePlan(this, 'usage-plan', {
        name: `${settings.apiName}-plan`,
        apiStages: [{ apiId: this.restApi.id, stage: this.stage.stageName }],
        throttleSettings: { rateLimit: settings.rateLimit, burstLimit: settings.burstLimit },
      });
      new ApiGatewayUsagePlanKey(this, 'usage-plan-key', {
        keyId: this.apiKey.id,
        keyType: 'API_KEY',
        usagePlanId: usagePlan.id,
      });
    }

    this.uploadUrl = `${this.stage.invokeUrl}/${settings.resourcePath}`;
  }

  /**
   * Declares another route built on this API (same REST API, stage and auth): the deployment waits
   * for its resources and is replaced when any of its `redeployOn` values changes.
   */
  addRoute(route: ApiRoute): void {
    this.extraRedeployOn.push(...route.redeployOn);
    this.deployment.dependsOn = [...(this.deployment.dependsOn ?? []), ...route.dependables.map((resource) => dependable(resource))];
  }
}
