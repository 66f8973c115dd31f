import type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider/index.js';

/** The account LocalStack (and MiniStack) report for every request. */
export const localstackAccountId = '000000000000';

export const defaultLocalstackEndpoint = 'http://localhost:4566';

/**
 * Every AWS service this stack calls, pointed at one LocalStack endpoint: what `tflocal` writes.
 * `logs` is CloudWatch Logs; `sts` answers aws_caller_identity.
 */
export const localstackServices = ['apigateway', 'cloudwatch', 'iam', 'kms', 'lambda', 'logs', 's3', 'sns', 'sqs', 'sts'] as const;

export function awsProviderConfig(region: string, tags: Record<string, string>): AwsProviderConfig {
  return { region, defaultTags: [{ tags }] };
}

export function localstackProviderConfig(
  region: string,
  tags: Record<string, string>,
  endpoint = defaultLocalstackEndpoint,
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
    endpoints: [Object.fromEntries(localstackServices.map((service) => [service, endpoint]))],
  };
}
