import { processImage } from '../core/index.js';
import { createS3Client } from '../shared/clients.js';
import { createLogger } from '../shared/logging.js';
import { createProcessHandler } from './create-handler.js';
import { readProcessSettings } from './settings.js';

// Module scope: built once per container and reused by every invocation.
const logger = createLogger('process');
const s3 = createS3Client();
const settings = readProcessSettings();
const run = createProcessHandler({ s3, core: { processImage }, settings, logger });

export const handler: typeof run = async (event, context) => {
  logger.addContext(context);
  return run(event, context);
};
