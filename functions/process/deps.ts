import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ProcessImageOptions, ProcessResult } from '../core/types.js';
import type { LogSink } from '../shared/logging.js';
import type { DeadLetterSink } from './dead-letter.js';
import type { ProcessSettings } from './settings.js';

/** The part of the processing core the handler calls; tests pass a fake. */
export interface ProcessingCore {
  processImage(input: Buffer, options: ProcessImageOptions): Promise<ProcessResult>;
}

/** Everything the process function's logic needs, built once per container in handler.ts. */
export interface ProcessDeps {
  readonly s3: S3Client;
  readonly core: ProcessingCore;
  readonly settings: ProcessSettings;
  readonly logger: LogSink;
  /**
   * Where queue messages and directly invoked S3 events that no retry can fix are moved, with their
   * reason (the handler wires an SQS client to DEAD_LETTER_QUEUE_URL). Absent: they fail and go
   * through the queue's redrive, or Lambda's retries and on-failure destination.
   */
  readonly deadLetter?: DeadLetterSink;
  /** Writes the metadata items when `settings.after.metadata.store` is `table` (required then). */
  readonly dynamodb?: DynamoDBClient;
  /** Sends the notify messages when `settings.after.notify` is set (required then). */
  readonly sqs?: SQSClient;
}
