import type { Construct } from 'constructs';
import type { ResolvedPipelineConfig } from '../../config/resolved.js';
import type { PolicyStatement } from '../../modules/iam/policy-document.js';
import type { PipelineFunction } from '../../modules/lambda-function/index.js';
import type { PipelineKey } from '../../modules/pipeline-key/index.js';
import type { AboveZeroMetric } from '../../modules/pipeline-alarms/index.js';
import type { SecureBucket } from '../../modules/secure-bucket/index.js';
import type { UploadApi } from '../../modules/upload-api/index.js';

/** What every trigger wiring is built from. Constructs are created in `scope` (the stack) itself. */
export interface TriggerContext {
  readonly scope: Construct;
  /** `<namePrefix>-<stage>`, the start of every resource name. */
  readonly name: string;
  readonly config: ResolvedPipelineConfig;
  readonly uploadsBucket: SecureBucket;
  readonly accountId: string;
  /** The stack's customer-managed key (`config.kms`): queues are encrypted with it. */
  readonly key?: PipelineKey;
}

/** The dead-letter queue every trigger ends its failures in (`<name>-process-dlq`). */
export interface DeadLetterSink {
  readonly url: string;
  readonly arn: string;
  readonly name: string;
}

/** What a trigger asks of the process function, which the stack builds. */
export interface ProcessFunctionNeeds {
  /** Set when the function moves bad input to the DLQ itself (`DEAD_LETTER_QUEUE_URL`). */
  readonly deadLetterQueueUrl?: string;
  /** Granted besides reading the uploads and writing the outputs. */
  readonly statements: readonly PolicyStatement[];
  /** `reserved_concurrent_executions`, when the trigger caps concurrency on the function itself. */
  readonly reservedConcurrency?: number;
}

export interface StackOutputValue {
  readonly id: string;
  readonly value: string;
  readonly description: string;
}

/**
 * One way an upload reaches the process function. The stack calls, in order: the constructor
 * function (resources that do not need the function), `connect` once the function exists,
 * `extendApi` once the upload API exists, then `alarmMetrics` and `outputs`.
 */
export interface TriggerWiring {
  readonly deadLetterQueue: DeadLetterSink;
  readonly processFunction: ProcessFunctionNeeds;
  connect(process: PipelineFunction): void;
  extendApi(api: UploadApi): void;
  /** Metrics besides the DLQ depth and the functions' errors that must stay at zero. */
  alarmMetrics(): AboveZeroMetric[];
  /** The trigger's own stack outputs, written after the bucket outputs. */
  outputs(): StackOutputValue[];
}
