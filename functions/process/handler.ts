import { processImage } from '../core/index.js';
import { createS3Client, createSqsClient } from '../shared/clients.js';
import { createLogger } from '../shared/logging.js';
import { createProcessHandler } from './create-handler.js';
import { sqsDeadLetterSink } from './dead-letter.js';
import { readProcessSettings } from './settings.js';

// Module scope: built once per container and reused by every invocation.
const logger = createLogger('process');
const s3 = createS3Client();
const settings = readProcessSettings();
const deadLetter = settings.deadLetterQueueUrl !== undefined ? sqsDeadLetterSink(createSqsClient(), settings.deadLetterQueueUrl) : undefined;
const run = createProcessHandler({ s3, core: { processImage }, settings, logger, ...(deadLetter !== undefined && { deadLetter }) });

export const handler: typeof run = async (event, context) => {
  logger.addContext(context);
  return run(event, context);
};
