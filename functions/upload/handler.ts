import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { createS3Client } from '../shared/clients.js';
import { createLogger } from '../shared/logging.js';
import { createUploadHandler } from './create-handler.js';
import { readUploadSettings } from './settings.js';

// Module scope: built once per container. Imports stay off functions/core/index.ts, which loads sharp.
const logger = createLogger('upload');
const run = createUploadHandler({ s3: createS3Client(), settings: readUploadSettings(), logger });

export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  logger.addContext(context);
  return run(event);
};
