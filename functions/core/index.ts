export { processImage } from './process-image.js';
export { outputKeysFor, sourceKeyParts, type SourceKeyParts } from './keys.js';
export { sniffImageFormat, isSupportedInputFormat, supportedInputFormats, sniffHeadBytes, type SupportedInputFormat } from './sniff.js';
export { failOn } from './decode.js';
export * from './errors.js';
export type * from './types.js';
export { checkDecodeCost, decodeCostLimits } from './decode-cost.js';
export type { TimeLimit } from './time-limit.js';
