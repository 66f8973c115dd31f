import { processingSpecSchema } from './processing-schema.js';
import { pipelineConfigSchema } from './schema.js';
import type { ParsedTrigger } from './trigger-schema.js';
import { bytesPerPixelBudget, maxInputPixelsCeiling } from './limits.js';

export { allowedLogRetentionDays, lambdaSyncPayloadLimitBytes, maxUploadBytesThroughApi } from './limits.js';

// The schema declares every default; parsing the smallest valid inputs reads them back.
const config = pipelineConfigSchema.parse({ namePrefix: 'defaults' });
const spec = processingSpecSchema.parse({ variants: [{ name: 'any', width: 1, formats: ['png'] }] });
const variant = spec.variants[0]!;
const triggerVia = <V extends ParsedTrigger['via']>(via: V) => {
  const trigger = pipelineConfigSchema.parse({ namePrefix: 'defaults', trigger: { via } }).trigger;
  if (trigger.via !== via) throw new Error(`trigger.via ${via} parsed as ${trigger.via}`);
  return trigger as Extract<ParsedTrigger, { via: V }>;
};
const queueTrigger = triggerVia('queue');
const directTrigger = triggerVia('direct');
const eventBridgeTrigger = triggerVia('eventbridge');

/** Every default of the pipeline configuration, as the schema applies it, by a flat name. */
export const defaults = {
  region: config.region,
  architecture: config.architecture,
  triggerPrefix: config.trigger.prefix,
  triggerSuffixes: config.trigger.suffixes,
  outputPrefix: config.output.prefix,
  keyTemplate: spec.keyTemplate,
  background: spec.background,
  keepIccProfile: spec.keepIccProfile,
  quality: variant.quality,
  fit: variant.fit,
  enlarge: variant.enlarge,
  processMemoryMb: config.processFunction.memoryMb,
  processTimeoutSeconds: config.processFunction.timeoutSeconds,
  processMaxConcurrency: config.processFunction.maxConcurrency,
  uploadMemoryMb: config.uploadFunction.memoryMb,
  uploadTimeoutSeconds: config.uploadFunction.timeoutSeconds,
  triggerVia: config.trigger.via,
  batchSize: queueTrigger.batchSize,
  batchingWindowSeconds: queueTrigger.batchingWindowSeconds,
  maxReceiveCount: queueTrigger.maxReceiveCount,
  directRetryAttempts: directTrigger.retryAttempts,
  directMaxEventAgeSeconds: directTrigger.maxEventAgeSeconds,
  eventBridgeRetryAttempts: eventBridgeTrigger.retryAttempts,
  eventBridgeMaxEventAgeSeconds: eventBridgeTrigger.maxEventAgeSeconds,
  taskRetries: eventBridgeTrigger.taskRetries,
  executionsApi: eventBridgeTrigger.executionsApi,
  dlqRetentionDays: config.deadLetterQueue.retentionDays,
  uploadMaxBytes: config.upload.maxBytes,
  uploadAuth: config.upload.auth,
  rateLimit: config.upload.rateLimit,
  burstLimit: config.upload.burstLimit,
  bytesPerPixelBudget,
  maxInputPixelsCeiling,
  maxInputBytes: config.maxInputBytes,
  versioning: config.buckets.versioning,
  expireUploadsAfterDays: config.buckets.expireUploadsAfterDays,
  forceDestroy: config.buckets.forceDestroy,
  logRetentionDays: config.logRetentionDays,
  apiLogging: config.upload.logging,
  accountLoggingRole: config.upload.accountLoggingRole,
  accessLogs: config.buckets.accessLogs,
  tracing: config.tracing,
  kms: config.kms,
} as const;
