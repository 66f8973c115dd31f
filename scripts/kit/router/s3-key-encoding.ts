/**
 * How S3 event notifications encode object keys: the kit encodes the keys of the events it routes,
 * and decodes the keys of dead-lettered messages, with the function's own (and only) copy.
 */
export { encodeS3Key as encodeS3EventKey, decodeS3Key as decodeS3EventKey } from '../../../functions/events/s3-key.js';
