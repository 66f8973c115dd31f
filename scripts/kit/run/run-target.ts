import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EventEmitter } from 'node:events';
import type { ResolvedProcessingSpec } from '../../../config/index.js';
import type { KitFault } from '../kit-faults.js';
import type { RunExecution } from './executions.js';
import type { PeekedMessage } from './peek-queue.js';
import type { AfterStepsResult } from './after-steps-check.js';

/** A deployed pipeline `npm run local` drives: the embedded kit or a LocalStack deployment. */
export interface RunTarget {
  readonly name: 'embedded' | 'localstack';
  readonly uploadUrl: string;
  readonly apiKey?: string;
  /** `POST /uploads` needs a SigV4 signature on AWS (`upload.auth: 'iam'`); where the target checks it, it must be signed. */
  readonly iamAuth?: boolean;
  readonly region: string;
  /** S3 + SQS endpoint, for the printed `aws --endpoint-url` commands. */
  readonly endpoint: string;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly uploadsBucket: string;
  readonly outputsBucket: string;
  readonly dlqUrl: string;
  /** The suffixes the upload API accepts (its ALLOWED_SUFFIXES, the trigger's), where the target can tell: an image of another format is expected to be refused (415). */
  readonly acceptedSuffixes?: readonly string[];
  /** The process function's processing spec (from its PROCESSING_SPEC in the Terraform). */
  readonly processing: ResolvedProcessingSpec;
  /** How S3 starts the processing (the stack's `trigger_via` output). @default 'queue' */
  readonly trigger?: 'queue' | 'direct' | 'eventbridge';
  /** `POST /executions`, where the stack has the executions API (with `seedObject`, half the images go in through it). */
  readonly executionsUrl?: string;
  /**
   * Stores a file in the uploads bucket with notifications muted, as an object that was there
   * before the pipeline (nothing starts for it); resolves with its key and the outputs it will have.
   */
  seedObject?(fileName: string, body: Buffer): Promise<{ key: string; outputs: string[] }>;
  /** The Step Functions executions of a source key, each once it has stopped (or as it is at `deadlineAt`), where the stack has a state machine. */
  executionsOf?(key: string, deadlineAt: number): Promise<RunExecution[]>;
  /**
   * Whether nothing is running or waiting in the pipeline now (no delivery, invocation, execution or
   * message in flight), where the target can tell: an upload whose outputs are still missing then will
   * not get them, and is lost without waiting for the deadline.
   */
  isQuiet?(): Promise<boolean>;
  /**
   * The after-processing steps of one upload (metadata record, archive, webhook deliveries), once they
   * are complete or the pipeline is quiet, where the stack has any and the target can check them.
   */
  afterSteps?(image: { key: string; outputs: readonly string[]; processed: boolean }, deadlineAt: number): Promise<AfterStepsResult>;
  /** Lines describing what was built and what was not. */
  readonly summary: readonly string[];
  /** Emits `activity` when something may have changed, so waits wake up early. */
  readonly activity?: EventEmitter<{ activity: [] }>;
  /** When each object was written (bucket/key -> epoch ms), where the target can tell. */
  readonly writeTimes?: ReadonlyMap<string, number>;
  /** The messages in the dead-letter queue with their attributes (the reason, when the function moved them), left in place. */
  peekDeadLetters(): Promise<PeekedMessage[]>;
  /** Why the process function failed on a key, from its logs, where the target can tell (for messages that arrived by redrive). */
  failureReason(key: string): string | undefined;
  /** Why the notification of an upload (a key in the uploads bucket) never reached its queue, where the target can tell. */
  deliveryFailure?(key: string): string | undefined;
  /** The errors of the target itself so far (failed notifications, receives, deletes, API 5xx), where it records them. */
  faults?(): readonly KitFault[];
  stop(): Promise<void>;
}
