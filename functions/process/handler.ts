import { processImage } from '../core/index.js';
import { createDynamoDbClient, createS3Client, createSqsClient } from '../shared/clients.js';
import { createLogger } from '../shared/logging.js';
import { createProcessHandler } from './create-handler.js';
import { sqsDeadLetterSink } from './dead-letter.js';
import { readProcessSettings } from './settings.js';

// Module scope: built once per container and reused by every invocation.
const logger = createLogger('process');
const s3 = createS3Client();
const settings = readProcessSettings();
// One SQS client for the dead-letter queue and the notify queue, each only when configured.
const sqs = settings.deadLetterQueueUrl !== undefined || settings.after?.notify !== undefined ? createSqsClient() : undefined;
const deadLetter = settings.deadLetterQueueUrl !== undefined && sqs !== undefined ? sqsDeadLetterSink(sqs, settings.deadLetterQueueUrl) : undefined;
const dynamodb = settings.after?.metadata?.store === 'table' ? createDynamoDbClient() : undefined;
const run = createProcessHandler({
  s3,
  core: { processImage },
  settings,
  logger,
  ...(deadLetter !== undefined && { deadLetter }),
  ...(dynamodb !== undefined && { dynamodb }),
  ...(sqs !== undefined && { sqs }),
});

export const handler: typeof run = async (event, context) => {
  logger.addContext(context);
  return run(event, context);
};
