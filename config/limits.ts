/** Limits set by AWS and by the budget per pixel: constants the schema checks against, not settings. */

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

/** Bytes of function memory budgeted per decoded pixel (RGBA plus libvips working buffers). */
export const bytesPerPixelBudget = 24;

/** sharp's own default ceiling on input pixels (16383 x 16383). */
export const maxInputPixelsCeiling = 268_402_689;
