import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response/index.js';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration/index.js';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response/index.js';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method/index.js';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response/index.js';
import { ApiGatewayModel } from '@cdktf/provider-aws/lib/api-gateway-model/index.js';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator/index.js';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document.js';
import type { UploadApi } from '../upload-api/index.js';
import {
  badRequestBodyTemplate,
  clientErrorResponseTemplate,
  executionRequestSchema,
  serverErrorResponseTemplate,
  startedResponseTemplate,
  startExecutionRequestTemplate,
} from './templates.js';

export interface ExecutionsApiProps {
  /** The API this route is added to; it takes the API's auth (API key or IAM) and stage. */
  readonly api: UploadApi;
  /** The state machine each request starts an execution of. */
  readonly stateMachineArn: string;
  /** The bucket holding the keys callers name; passed to the execution as `bucket`. */
  readonly bucketName: string;
  /** Keys must start with this prefix (the request model refuses others with 400). */
  readonly keyPrefix: string;
  /** AWS region of the state machine, for the integration's service URI. */
  readonly region: string;
  /** Names the integration's role: `<namePrefix>-start-execution`. */
  readonly namePrefix: string;
  /** @default 'executions' */
  readonly resourcePath?: string;
}

const defaultProps: Required<Pick<ExecutionsApiProps, 'resourcePath'>> = { resourcePath: 'executions' };

const json = 'application/json';

/**
 * `POST /executions` with `{"key": "<prefix>..."}`: validated against a request model, then
 * StartExecution through an AWS service integration (no function in between) with a role that
 * may start executions of that state machine only. Answers `{executionArn, startDate}`, a 400
 * with the validator's or Step Functions' message, or a generic 500.
 */
export class ExecutionsApi extends Construct {
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>/executions` */
  readonly executionsUrl: string;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ExecutionsApiProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    const restApiId = settings.api.restApi.id;

    const resource = new ApiGatewayResource(this, 'resource', { restApiId, parentId: settings.api.restApi.rootResourceId, pathPart: settings.resourcePath });
    const model = new ApiGatewayModel(this, 'model', {
      restApiId,
      name: 'StartExecutionRequest',
      description: 'POST /executions body: the key of an object already in the bucket',
      contentType: json,
      schema: executionRequestSchema(settings.keyPrefix),
    });
    const validator = new ApiGatewayRequestValidator(this, 'validator', { restApiId, name: 'body', validateRequestBody: true, validateRequestParameters: false });
    const method = new ApiGatewayMethod(this, 'post', {
      restApiId,
      resourceId: resource.id,
      httpMethod: 'POST',
      authorization: settings.api.auth === 'iam' ? 'AWS_IAM' : 'NONE',
      apiKeyRequired: settings.api.auth === 'apiKey',
      requestModels: { [json]: model.name },
      requestValidatorId: validator.id,
    });

    this.role = new IamRole(this, 'role', {
      name: `${settings.namePrefix}-start-execution`,
      assumeRolePolicy: policyDocument([{ principals: { service: ['apigateway.amazonaws.com'] }, actions: ['sts:AssumeRole'] }]),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: `${settings.namePrefix}-start-execution`,
      role: this.role.id,
      policy: policyDocument([{ sid: 'StartExecution', actions: ['states:StartExecution'], resources: [settings.stateMachineArn] }]),
    });

    const integration = new ApiGatewayIntegration(this, 'integration', {
      restApiId,
      resourceId: resource.id,
      httpMethod: method.httpMethod,
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:${settings.region}:states:action/StartExecution`,
      credentials: this.role.arn,
      // A body without a template for its content type is refused (415), never passed through.
      passthroughBehavior: 'NEVER',
      requestTemplates: { [json]: startExecutionRequestTemplate(settings.stateMachineArn, settings.bucketName) },
      dependsOn: [rolePolicy],
    });

    const responses = [
      { statusCode: '200', template: startedResponseTemplate },
      { statusCode: '400', selectionPattern: '4\\d{2}', template: clientErrorResponseTemplate },
      { statusCode: '500', selectionPattern: '5\\d{2}', template: serverErrorResponseTemplate },
    ];
    const methodResponses = responses.map(
      ({ statusCode }) =>
        new ApiGatewayMethodResponse(this, `method-response-${statusCode}`, {
          restApiId,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          statusCode,
          responseModels: { [json]: 'Empty' },
        }),
    );
    const integrationResponses = responses.map(
      ({ statusCode, selectionPattern, template }, i) =>
        new ApiGatewayIntegrationResponse(this, `integration-response-${statusCode}`, {
          restApiId,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          statusCode: methodResponses[i]!.statusCode,
          ...(selectionPattern !== undefined && { selectionPattern }),
          responseTemplates: { [json]: template },
          dependsOn: [integration],
        }),
    );
    const badBody = new ApiGatewayGatewayResponse(this, 'response-bad-request-body', {
      restApiId,
      responseType: 'BAD_REQUEST_BODY',
      statusCode: '400',
      responseTemplates: { [json]: badRequestBodyTemplate(settings.keyPrefix) },
    });

    settings.api.addRoute({
      redeployOn: [
        resource.id,
        model.id,
        model.schema,
        validator.id,
        method.id,
        method.authorization,
        method.apiKeyRequired,
        integration.id,
        integration.uri,
        integration.requestTemplates,
        ...methodResponses.map((response) => response.id),
        ...integrationResponses.map((response) => response.id),
        ...integrationResponses.map((response) => response.responseTemplates),
        badBody.id,
      ],
      dependables: [method, integration, ...methodResponses, ...integrationResponses, badBody],
    });
    this.executionsUrl = `${settings.api.stage.invokeUrl}/${settings.resourcePath}`;
  }
}
