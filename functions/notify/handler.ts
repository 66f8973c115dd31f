import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { sqsDeadLetterSink } from '../process/dead-letter.js';
import { createSqsClient } from '../shared/clients.js';
import { createLogger } from '../shared/logging.js';
import { createNotifyHandler } from './create-handler.js';
import { createSecretReader } from './secrets.js';
import { readNotifySettings } from './settings.js';

// Module scope: built once per container and reused by every invocation. The SSM client behind
// getParameter takes its endpoint from the SDK's own AWS_ENDPOINT_URL_SSM (the local kit sets it).
const logger = createLogger('notify');
const settings = readNotifySettings();
const run = createNotifyHandler({
  settings,
  readSecret: createSecretReader((name, options) => getParameter(name, options), settings.secretCacheSeconds),
  deadLetter: sqsDeadLetterSink(createSqsClient(), settings.deadLetterQueueUrl),
  logger,
});

export const handler: typeof run = async (event, context) => {
  logger.addContext(context);
  return run(event, context);
};
