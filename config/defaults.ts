/** Every default of the pipeline configuration, declared once. */
export const defaults = {
  region: 'eu-west-1',
  architecture: 'arm64',
  triggerPrefix: 'images/',
  triggerSuffixes: ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'],
  outputPrefix: '',
  processing: 'default',
  keyTemplate: '{dir}{name}/{variant}.{ext}',
  background: '#ffffff',
  keepIccProfile: false,
  quality: 82,
  fit: 'inside',
  enlarge: false,
  processMemoryMb: 1536,
  processTimeoutSeconds: 60,
  processMaxConcurrency: 10,
  uploadMemoryMb: 256,
  uploadTimeoutSeconds: 10,
  batchSize: 5,
  batchingWindowSeconds: 0,
  maxReceiveCount: 3,
  dlqRetentionDays: 14,
  uploadMaxBytes: 4 * 1024 * 1024,
  uploadAuth: 'apiKey',
  rateLimit: 20,
  burstLimit: 40,
  /** Bytes of function memory budgeted per decoded pixel (RGBA plus libvips working buffers). */
  bytesPerPixelBudget: 24,
  /** sharp's own default ceiling (16383 x 16383). */
  maxInputPixelsCeiling: 268_402_689,
  maxInputBytes: 32 * 1024 * 1024,
  versioning: false,
  expireUploadsAfterDays: 0,
  forceDestroy: false,
  logRetentionDays: 30,
} as const;

/** Log retention values CloudWatch accepts. */
export const allowedLogRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Lambda's limit on a synchronous invocation's request payload (the event JSON), in bytes. */
export const lambdaSyncPayloadLimitBytes = 6_291_456;

/** Room left in the proxy event for headers (10 KiB, sent twice), the request context and the rest. */
const proxyEventOverheadBytes = 32 * 1024;

/**
 * The largest binary upload that fits through API Gateway's Lambda proxy integration: the body
 * arrives base64-encoded (4 bytes per 3) inside an event limited to Lambda's 6 MB. About 4.48 MiB.
 */
export const maxUploadBytesThroughApi = Math.floor((lambdaSyncPayloadLimitBytes - proxyEventOverheadBytes) / 4) * 3;
