import type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider/index.js';
import type { ResolvedAfterSteps } from '../config/resolved.js';
import type { TriggerVia } from '../config/trigger-schema.js';

/** The account LocalStack (and MiniStack) report for every request. */
export const localstackAccountId = '000000000000';

export const defaultLocalstackEndpoint = 'http://localhost:4566';

/**
 * Every AWS service this stack calls, pointed at one LocalStack endpoint: what `tflocal` writes.
 * `logs` is CloudWatch Logs; `sts` answers aws_caller_identity.
 */
export const localstackServices = ['apigateway', 'cloudwatch', 'iam', 'kms', 'lambda', 'logs', 's3', 'sns', 'sqs', 'sts'] as const;

/** The services a trigger adds: EventBridge rules (`events`) and Step Functions (`sfn`) for `eventbridge`. */
const triggerServices: Record<TriggerVia, readonly string[]> = { queue: [], direct: [], eventbridge: ['events', 'sfn'] };

/** Every service a stack with this trigger and these after-processing steps calls: a metadata table adds `dynamodb`, webhooks `ssm`. */
export function localstackServicesFor(via: TriggerVia, after: ResolvedAfterSteps = {}): readonly string[] {
  return [
    ...localstackServices,
    ...triggerServices[via],
    ...(after.metadata?.store === 'table' ? ['dynamodb'] : []),
    ...(after.webhooks !== undefined ? ['ssm'] : []),
  ];
}

export function awsProviderConfig(region: string, tags: Record<string, string>): AwsProviderConfig {
  return { region, defaultTags: [{ tags }] };
}

export function localstackProviderConfig(
  region: string,
  tags: Record<string, string>,
  endpoint = defaultLocalstackEndpoint,
  services: readonly string[] = localstackServices,
): AwsProviderConfig {
  return {
    region,
    defaultTags: [{ tags }],
    accessKey: 'test',
    secretKey: 'test',
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: true,
    skipRegionValidation: true,
    endpoints: [Object.fromEntries(services.map((service) => [service, endpoint]))],
  };
}
