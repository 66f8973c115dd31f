export type { EventSource, IgnoredRecord, NormalisedEvent, WorkItem } from './types.js';
export { EventShapeError } from './errors.js';
export { decodeS3Key, encodeS3Key } from './s3-key.js';
export { unquoteETag } from './etag.js';
export { normaliseEvent, type SourcedEvent } from './normalise.js';
export { isSqsEvent, normaliseSqsRecord, type SqsRecordLike } from './sqs.js';
export { fromPayload } from './payload.js';
export { directEventName } from './direct-input.js';
