import type { Construct } from 'constructs';
import type { ProcessAfterEnv } from '../../config/function-env.js';
import type { ResolvedPipelineConfig } from '../../config/resolved.js';
import type { PolicyStatement } from '../../modules/iam/policy-document.js';
import type { AboveZeroMetric } from '../../modules/pipeline-alarms/index.js';
import type { PipelineKey } from '../../modules/pipeline-key/index.js';
import type { SecureBucket } from '../../modules/secure-bucket/index.js';
import type { StackOutputValue } from '../triggers/wiring.js';

/** What the after-processing steps are built from. Constructs are created in `scope` (the stack) itself. */
export interface AfterStepsContext {
  readonly scope: Construct;
  /** `<namePrefix>-<stage>`, the start of every resource name. */
  readonly name: string;
  readonly config: ResolvedPipelineConfig;
  readonly outputsBucket: SecureBucket;
  /** The stack's customer-managed key (`config.kms`): the table, the notify queues and the secret parameters use it. */
  readonly key?: PipelineKey;
  /** The notify function's zip, built for `config.architecture`. */
  readonly notifyZipPath: string;
  /** Added to the notify function's environment (on LocalStack, the endpoint). */
  readonly targetEnvironment: Readonly<Record<string, string>>;
}

/**
 * What the steps of `config.after` add to the stack: the process function's environment and
 * grants, more alarms and outputs. Every part is empty when `after` is.
 */
export interface AfterStepsWiring {
  /** The process function's `after` environment (`processFunctionEnvironment`); undefined when every step is off. */
  readonly processEnv?: ProcessAfterEnv;
  /** Granted to the process function: writing each step's location, sending the notify messages. */
  readonly processStatements: readonly PolicyStatement[];
  /** Roles of the functions the steps add, which use the stack's key. */
  readonly roleArns: readonly string[];
  /** Functions the steps add whose `Errors` raise an alarm, by label. */
  readonly functionNames: Readonly<Record<string, string>>;
  readonly alarmMetrics: readonly AboveZeroMetric[];
  readonly outputs: readonly StackOutputValue[];
}
