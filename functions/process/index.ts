// The process function's logic without its module-scope wiring (handler.ts reads the environment).
export { createProcessHandler, type ProcessHandler } from './create-handler.js';
export type { ProcessDeps, ProcessingCore } from './deps.js';
export type { ProcessSummary } from './direct-event.js';
export type { ProcessedObject } from './process-object.js';
export type { FailedObject } from './process-items.js';
export { readProcessSettings, defaultCacheControl, cacheControlEnvName, type ProcessSettings } from './settings.js';
export { SourceMissingError, ObjectsFailedError } from './errors.js';
export { sqsDeadLetterSink, deadLetterAttributes, sqsAttributeText, maxErrorMessageLength, type DeadLetter, type DeadLetterSink, type DeadLetterReason } from './dead-letter.js';
export type { RecordOutcome } from './sqs-record-handler.js';
