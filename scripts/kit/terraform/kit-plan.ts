/** What the kit builds on the emulator, loaded from the synthesized Terraform. Values are resolved. */

export interface BucketPlan {
  readonly address: string;
  readonly name: string;
}

export interface RedrivePlan {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

export interface QueuePlan {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  /** The queue URL as Terraform's `url` attribute would read (the emulator's form); stack outputs name queues by it. */
  readonly url: string;
  /** CreateQueue attributes (VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy, ...). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly visibilityTimeoutSeconds: number;
  readonly redrive?: RedrivePlan;
}

export interface NotificationTarget {
  /** The configuration id S3 puts in each record (`s3.configurationId`). */
  readonly id: string;
  readonly kind: 'queue' | 'lambda';
  /** Queue ARN or function ARN. */
  readonly targetArn: string;
  readonly events: readonly string[];
  readonly filterPrefix: string;
  readonly filterSuffix: string;
}

export interface NotificationPlan {
  readonly address: string;
  readonly bucket: string;
  readonly targets: readonly NotificationTarget[];
  /** `eventbridge = true`: every object event of the bucket also goes to the default bus (as `Object Created` / `Object Deleted`). */
  readonly eventBridge?: boolean;
}

export interface FunctionPlan {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  /** The `pipeline:function` tag: the folder under functions/. */
  readonly pipelineFunction: string;
  /** Absolute path of `functions/<name>/handler.ts`. */
  readonly entry: string;
  /** The export named by the handler setting (`index.handler` -> `handler`). */
  readonly handlerExport: string;
  readonly runtime: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architectures: readonly string[];
  /** From the Terraform, before the kit adds its endpoint variables. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface EventSourceMappingPlan {
  readonly address: string;
  readonly eventSourceArn: string;
  readonly queueName: string;
  readonly functionName: string;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /** `scaling_config.maximum_concurrency`; undefined means no cap of its own. */
  readonly maximumConcurrency?: number;
  readonly enabled: boolean;
}

/** `aws_lambda_function_event_invoke_config`: what Lambda does with a function's asynchronous invocations. */
export interface AsyncInvokeConfigPlan {
  readonly address: string;
  readonly functionName: string;
  /** Retries after a function error (0-2; Lambda's default 2). */
  readonly maximumRetryAttempts: number;
  /** An event older than this is not run again but sent to the on-failure destination (Lambda's default 21600). */
  readonly maximumEventAgeSeconds: number;
  /** `destination_config.on_failure.destination`: a queue of this stack (any other kind is a gap). */
  readonly onFailureQueueArn?: string;
}

/** `aws_lambda_permission`: who may invoke a function, with its source conditions (S3 checks them when a notification is saved). */
export interface LambdaPermissionPlan {
  readonly address: string;
  readonly statementId: string;
  readonly action: string;
  /** The function's name (the Terraform may name it by ARN). */
  readonly functionName: string;
  readonly qualifier?: string;
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
}

export interface ApiRoutePlan {
  readonly method: string;
  /** Resource path without the stage, e.g. `/uploads`. */
  readonly path: string;
  readonly functionName: string;
  readonly apiKeyRequired: boolean;
  readonly authorization: string;
  /**
   * Headers the method requires (`request_parameters` `method.request.header.<name>: true`), checked
   * only when its request validator validates parameters, as API Gateway does. As declared (`Content-Type`).
   */
  readonly requiredHeaders?: readonly string[];
}

/** A customised API Gateway error reply (`aws_api_gateway_gateway_response`). */
export interface GatewayResponsePlan {
  /** `DEFAULT_4XX`, `DEFAULT_5XX`, `INVALID_API_KEY`, `MISSING_AUTHENTICATION_TOKEN`, ... */
  readonly responseType: string;
  readonly statusCode?: number;
  /** Body template per content type (`$context.error.messageString`, ...). */
  readonly templates: Readonly<Record<string, string>>;
  /** Header name -> value (quotes of static values removed). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface RestApiPlan {
  readonly address: string;
  readonly id: string;
  readonly name: string;
  readonly binaryMediaTypes: readonly string[];
  readonly stageNames: readonly string[];
  readonly routes: readonly ApiRoutePlan[];
  /** API key values accepted per stage (through usage plans). */
  readonly apiKeysByStage: Readonly<Record<string, readonly string[]>>;
  readonly gatewayResponses: readonly GatewayResponsePlan[];
  /** Methods with an AWS service integration (`type = "AWS"`, e.g. Step Functions StartExecution). */
  readonly awsRoutes?: readonly AwsRoutePlan[];
}

/** `aws_api_gateway_integration_response`: chosen by `selectionPattern` (a Java regex on the backend status), else the default. */
export interface IntegrationResponsePlan {
  readonly statusCode: number;
  readonly selectionPattern?: string;
  /** Content type -> mapping template. */
  readonly templates: Readonly<Record<string, string>>;
}

/** An `aws_api_gateway_model`: its JSON schema (draft 4). */
export interface RequestModelPlan {
  readonly name: string;
  readonly schema: unknown;
}

/** A method whose integration calls an AWS service action (`arn:aws:apigateway:<region>:<service>:action/<Action>`). */
export interface AwsRoutePlan {
  readonly method: string;
  readonly path: string;
  readonly apiKeyRequired: boolean;
  readonly authorization: string;
  readonly integration: {
    readonly address: string;
    readonly service: string;
    readonly action: string;
    readonly credentials?: string;
    /** `WHEN_NO_MATCH` (API Gateway's default), `WHEN_NO_TEMPLATES` or `NEVER`. */
    readonly passthroughBehavior: string;
    /** Content type -> request mapping template. */
    readonly requestTemplates: Readonly<Record<string, string>>;
    readonly responses: readonly IntegrationResponsePlan[];
  };
  /** Content type -> model, from the method's `request_models`. */
  readonly requestModels: Readonly<Record<string, RequestModelPlan>>;
  /** From the method's `aws_api_gateway_request_validator`. */
  readonly validateRequestBody: boolean;
  readonly validateRequestParameters: boolean;
  /** Status codes declared by `aws_api_gateway_method_response`. */
  readonly methodResponseStatuses: readonly number[];
}

/** `aws_cloudwatch_event_target`: where a rule delivers, with its input, retry policy and DLQ. */
export interface EventTargetPlan {
  readonly address: string;
  readonly id: string;
  readonly arn: string;
  readonly kind: 'states' | 'sqs' | 'lambda';
  readonly roleArn?: string;
  readonly inputTransformer?: { readonly inputPaths: Readonly<Record<string, string>>; readonly inputTemplate: string };
  readonly input?: string;
  readonly inputPath?: string;
  /** EventBridge's defaults when absent: 185 retries, 86400 s. */
  readonly retryPolicy: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
  readonly deadLetterArn?: string;
}

/** `aws_cloudwatch_event_rule` with its targets; the pattern is resolved (references replaced) and parsed. */
export interface EventRulePlan {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly eventBusName: string;
  readonly pattern: unknown;
  readonly enabled: boolean;
  readonly targets: readonly EventTargetPlan[];
}

/** `aws_sfn_state_machine`: the definition (parsed) and its role. */
export interface StateMachinePlan {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly type: string;
  readonly definition: unknown;
  readonly roleArn?: string;
}

/** A key attribute of a DynamoDB table: its name and scalar type. */
export interface TableKeyPlan {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

/** `aws_dynamodb_table`: what CreateTable needs (the kit builds it on an in-process dynalite). */
export interface DynamoTablePlan {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly hashKey: TableKeyPlan;
  readonly rangeKey?: TableKeyPlan;
}

/** `aws_ssm_parameter`: its name and type; the value is the kit's (generated per run for write-only values). */
export interface SsmParameterPlan {
  readonly address: string;
  readonly name: string;
  readonly type: 'String' | 'SecureString' | 'StringList';
  /** Set when the Terraform writes the value through a write-only argument (`value_wo`): Terraform never knows it. */
  readonly writeOnly: boolean;
  /** The plain `value`, when the Terraform declares one. */
  readonly value?: string;
}

export interface ApiKeyPlan {
  readonly address: string;
  readonly name: string;
  readonly value: string;
}

/** What the kit does with each declared resource. */
export interface CoverageReport {
  readonly emulated: readonly string[];
  /** On the data path and not emulated: each named, with why. */
  readonly notEmulated: readonly { readonly address: string; readonly reason: string }[];
  /** IAM, logs, alarms, policies, encryption: accepted, not enforced, summarised in one line. */
  readonly offPath: readonly string[];
}

export interface KitPlan {
  readonly stack: string;
  readonly region: string;
  readonly accountId: string;
  readonly buckets: readonly BucketPlan[];
  readonly queues: readonly QueuePlan[];
  readonly notifications: readonly NotificationPlan[];
  readonly functions: readonly FunctionPlan[];
  readonly eventSourceMappings: readonly EventSourceMappingPlan[];
  readonly asyncInvokeConfigs: readonly AsyncInvokeConfigPlan[];
  readonly lambdaPermissions: readonly LambdaPermissionPlan[];
  readonly restApis: readonly RestApiPlan[];
  readonly apiKeys: readonly ApiKeyPlan[];
  readonly eventRules: readonly EventRulePlan[];
  readonly stateMachines: readonly StateMachinePlan[];
  readonly dynamoTables: readonly DynamoTablePlan[];
  readonly ssmParameters: readonly SsmParameterPlan[];
  readonly coverage: CoverageReport;
  readonly outputs: Readonly<Record<string, { readonly value?: unknown; readonly error?: string; readonly sensitive: boolean }>>;
}
