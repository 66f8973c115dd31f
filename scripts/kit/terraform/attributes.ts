import { createHash } from 'node:crypto';

/** What the emulator decides about names and endpoints, used to compute attributes Terraform would know after apply. */
export interface EmulatedEnvironment {
  readonly region: string;
  readonly accountId: string;
  /** The URL the emulator gives a queue of this name. */
  queueUrl(name: string): string;
  /** The local API's base URL for a REST API id (stage appended by the caller). */
  apiBaseUrl(restApiId: string): string;
  /** The value of an API key resource: its own `value` or one the kit generates. */
  apiKeyValue(address: string): string;
}

/** A resource as the attribute table sees it: its resolved arguments and the environment. */
export interface ResourceView {
  readonly address: string;
  readonly env: EmulatedEnvironment;
  /** The resolved argument, or undefined. */
  field(name: string): unknown;
  /** Another resource's attribute. */
  ref(address: string, attribute: string): unknown;
}

type AttributeTable = Readonly<Record<string, (r: ResourceView) => unknown>>;

/** A stable short id derived from the address, like the random ids AWS hands out. */
export function syntheticId(address: string, length = 10): string {
  return createHash('sha256').update(address).digest('hex').slice(0, length);
}

const str = (r: ResourceView, name: string): string => String(r.field(name) ?? '');

function bucketName(r: ResourceView): string {
  const name = r.field('bucket');
  if (typeof name === 'string' && name) return name;
  const prefix = r.field('bucket_prefix');
  return `${typeof prefix === 'string' ? prefix : 'terraform-'}${syntheticId(r.address, 12)}`;
}

/** A rule's id: its name on the default bus, `<bus>/<name>` on another. */
function eventRuleId(r: ResourceView): string {
  const name = str(r, 'name') || `terraform-${syntheticId(r.address, 12)}`;
  const bus = str(r, 'event_bus_name');
  return bus && bus !== 'default' ? `${bus}/${name}` : name;
}

const lambdaArn = (r: ResourceView): string =>
  `arn:aws:lambda:${r.env.region}:${r.env.accountId}:function:${str(r, 'function_name')}`;

/**
 * Attributes Terraform only knows after apply (ids, ARNs, URLs), computed the way the emulator
 * names things. Any other attribute falls back to the resource's own argument of that name.
 */
export const computedAttributes: Readonly<Record<string, AttributeTable>> = {
  aws_s3_bucket: {
    id: bucketName,
    bucket: bucketName,
    arn: (r) => `arn:aws:s3:::${bucketName(r)}`,
    bucket_domain_name: (r) => `${bucketName(r)}.s3.amazonaws.com`,
    bucket_regional_domain_name: (r) => `${bucketName(r)}.s3.${r.env.region}.amazonaws.com`,
    region: (r) => r.env.region,
  },
  aws_sqs_queue: {
    id: (r) => r.env.queueUrl(str(r, 'name')),
    url: (r) => r.env.queueUrl(str(r, 'name')),
    arn: (r) => `arn:aws:sqs:${r.env.region}:${r.env.accountId}:${str(r, 'name')}`,
  },
  aws_lambda_function: {
    id: (r) => str(r, 'function_name'),
    arn: lambdaArn,
    qualified_arn: (r) => `${lambdaArn(r)}:$LATEST`,
    invoke_arn: (r) => `arn:aws:apigateway:${r.env.region}:lambda:path/2015-03-31/functions/${lambdaArn(r)}/invocations`,
    version: () => '$LATEST',
  },
  aws_lambda_event_source_mapping: { id: (r) => syntheticId(r.address), uuid: (r) => syntheticId(r.address) },
  aws_api_gateway_rest_api: {
    id: (r) => syntheticId(r.address),
    root_resource_id: (r) => syntheticId(`${r.address}/`),
    execution_arn: (r) => `arn:aws:execute-api:${r.env.region}:${r.env.accountId}:${syntheticId(r.address)}`,
  },
  aws_api_gateway_resource: { id: (r) => syntheticId(r.address) },
  aws_api_gateway_deployment: {
    id: (r) => syntheticId(r.address),
    invoke_url: (r) => r.env.apiBaseUrl(String(r.field('rest_api_id'))),
  },
  aws_api_gateway_stage: {
    id: (r) => syntheticId(r.address),
    invoke_url: (r) => `${r.env.apiBaseUrl(String(r.field('rest_api_id')))}/${str(r, 'stage_name')}`,
    execution_arn: (r) =>
      `arn:aws:execute-api:${r.env.region}:${r.env.accountId}:${String(r.field('rest_api_id'))}/${str(r, 'stage_name')}`,
  },
  aws_api_gateway_api_key: { id: (r) => syntheticId(r.address), value: (r) => r.env.apiKeyValue(r.address) },
  aws_api_gateway_usage_plan: { id: (r) => syntheticId(r.address) },
  aws_cloudwatch_event_rule: {
    id: (r) => eventRuleId(r),
    arn: (r) => `arn:aws:events:${r.env.region}:${r.env.accountId}:rule/${eventRuleId(r)}`,
    name: (r) => str(r, 'name') || `terraform-${syntheticId(r.address, 12)}`,
  },
  aws_sfn_state_machine: {
    id: (r) => `arn:aws:states:${r.env.region}:${r.env.accountId}:stateMachine:${str(r, 'name')}`,
    arn: (r) => `arn:aws:states:${r.env.region}:${r.env.accountId}:stateMachine:${str(r, 'name')}`,
  },
  aws_api_gateway_model: { id: (r) => syntheticId(r.address) },
  aws_api_gateway_request_validator: { id: (r) => syntheticId(r.address) },
  aws_iam_role: {
    id: (r) => str(r, 'name'),
    arn: (r) => `arn:aws:iam::${r.env.accountId}:role/${str(r, 'name')}`,
  },
  aws_cloudwatch_log_group: {
    id: (r) => str(r, 'name'),
    arn: (r) => `arn:aws:logs:${r.env.region}:${r.env.accountId}:log-group:${str(r, 'name')}`,
  },
  aws_sns_topic: {
    id: (r) => `arn:aws:sns:${r.env.region}:${r.env.accountId}:${str(r, 'name')}`,
    arn: (r) => `arn:aws:sns:${r.env.region}:${r.env.accountId}:${str(r, 'name')}`,
  },
  aws_dynamodb_table: {
    id: (r) => str(r, 'name'),
    arn: (r) => `arn:aws:dynamodb:${r.env.region}:${r.env.accountId}:table/${str(r, 'name')}`,
  },
  aws_ssm_parameter: {
    id: (r) => str(r, 'name'),
    // A name with a leading slash is appended as it is (`parameter/app/x`), as SSM writes it.
    arn: (r) => `arn:aws:ssm:${r.env.region}:${r.env.accountId}:parameter/${str(r, 'name').replace(/^\//, '')}`,
  },
  aws_cloudwatch_metric_alarm: {
    arn: (r) => `arn:aws:cloudwatch:${r.env.region}:${r.env.accountId}:alarm:${str(r, 'alarm_name')}`,
  },
  'data.aws_caller_identity': {
    account_id: (r) => r.env.accountId,
    arn: (r) => `arn:aws:iam::${r.env.accountId}:root`,
    user_id: (r) => r.env.accountId,
    id: (r) => r.env.accountId,
  },
  'data.aws_region': { name: (r) => r.env.region, region: (r) => r.env.region, id: (r) => r.env.region },
  'data.aws_partition': { partition: () => 'aws', dns_suffix: () => 'amazonaws.com', id: () => 'aws' },
};
