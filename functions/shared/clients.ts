import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The S3 client every handler uses. The endpoint comes from the SDK's own `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_S3`, so the same code runs against AWS and a local emulator; local emulators
 * without wildcard DNS also need path-style addressing (`AWS_S3_FORCE_PATH_STYLE=true`).
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({ forcePathStyle: env.AWS_S3_FORCE_PATH_STYLE === 'true' });
}

/** The SQS client (endpoint from `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_SQS`, like S3). */
export function createSqsClient(): SQSClient {
  return new SQSClient({});
}
