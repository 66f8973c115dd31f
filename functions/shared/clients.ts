import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

/**
 * The SQS client. The SDK sends each call to its QueueUrl's host by default; with an endpoint set in
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_SQS` (a local emulator, whose queue URLs may name a host
 * that does not resolve) that endpoint wins instead. In AWS neither is set and nothing changes.
 */
export function createSqsClient(env: NodeJS.ProcessEnv = process.env): SQSClient {
  const configuredEndpoint = Boolean(env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL);
  return new SQSClient({ useQueueUrlAsEndpoint: !configuredEndpoint });
}

/**
 * The DynamoDB client (metadata table). The SDK reads `AWS_ENDPOINT_URL_DYNAMODB` /
 * `AWS_ENDPOINT_URL` itself, so the local kit points it at its in-process server.
 */
export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({});
}
