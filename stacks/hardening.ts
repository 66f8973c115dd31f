import type { ResolvedPipelineConfig } from '../config/resolved.js';
import { PipelineKey } from '../modules/pipeline-key/index.js';
import { SecureBucket } from '../modules/secure-bucket/index.js';
import type { Construct } from 'constructs';

/**
 * The stack's customer-managed key (`config.kms`): CloudWatch Logs may use it for the pipeline's
 * own log groups only (functions, API access logs, state machine executions).
 */
export function pipelineKey(scope: Construct, name: string, config: ResolvedPipelineConfig, accountId: string): PipelineKey | undefined {
  if (!config.kms) return undefined;
  const logGroup = (path: string): string => `arn:aws:logs:${config.region}:${accountId}:log-group:${path}${name}-*`;
  return new PipelineKey(scope, 'key', {
    name,
    accountId,
    region: config.region,
    logGroupArns: [logGroup('/aws/lambda/'), logGroup('/aws/apigateway/'), logGroup('/aws/vendedlogs/states/')],
  });
}

/**
 * The bucket receiving both buckets' S3 server access logs (`config.buckets.accessLogs`). SSE-S3,
 * because S3 log delivery cannot write to a bucket whose default encryption is SSE-KMS; only the
 * logging service, for this account's pipeline buckets, may write; logs expire with the log retention.
 */
export function accessLogBucket(scope: Construct, name: string, bucketSuffix: string, config: ResolvedPipelineConfig, accountId: string): SecureBucket | undefined {
  if (!config.buckets.accessLogs) return undefined;
  const bucketName = `${name}-access-logs-${bucketSuffix}`;
  return new SecureBucket(scope, 'access-logs', {
    bucketName,
    forceDestroy: config.buckets.forceDestroy,
    expireObjects: { prefix: '', days: config.logRetentionDays },
    policyStatements: [
      {
        sid: 'S3ServerAccessLogs',
        principals: { service: ['logging.s3.amazonaws.com'] },
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::${bucketName}/*`],
        conditions: {
          StringEquals: { 'aws:SourceAccount': [accountId] },
          ArnLike: { 'aws:SourceArn': [`arn:aws:s3:::${name}-*`] },
        },
      },
    ],
  });
}
