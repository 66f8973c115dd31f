import { resolvePipelineConfig } from '../config/resolve.js';
import type { Architecture, PipelineConfig } from '../config/types.js';
import { localArchitecture } from './localstack-target.js';
import type { DeployTarget } from './pipeline-stack.js';

export type StageName = 'dev' | 'prod' | 'local';

export interface StageDefinition {
  /** The stack's id: its folder `cdktf.out/stacks/<stack>` and `cdktf deploy <stack>`. @default the stage */
  readonly stack?: string;
  readonly stage: StageName;
  readonly target: DeployTarget;
  readonly config: PipelineConfig;
  /** Directory of this stack's `terraform.<stack>.tfstate`. @default the app's stateDir */
  readonly stateDir?: string;
}

/** The id of the stack a definition builds. */
export const stackIdOf = (definition: StageDefinition): string => definition.stack ?? definition.stage;

/**
 * The stacks the app synthesizes, all from the one pipeline configuration:
 * - dev: the configuration as written.
 * - prod: versioned buckets (noncurrent versions expire after 30 days), at least 50 concurrent
 *   process invocations, never force-destroyed; hardened (`prodHardening`): logs kept a year,
 *   X-Ray tracing, the customer-managed key, S3 access logs and API logging.
 * - local: dev's pipeline on LocalStack (the `localstack_endpoint` variable, `http://localhost:4566` by
 *   default), force-destroyable for quick teardown, built for this machine's architecture (emulators run
 *   the functions on the host) unless LOCAL_STACK_ARCHITECTURE names one.
 */
export function stageDefinitions(base: PipelineConfig): StageDefinition[] {
  return [
    { stage: 'dev', target: 'aws', config: base },
    {
      stage: 'prod',
      target: 'aws',
      config: {
        ...base,
        buckets: { ...base.buckets, versioning: true, forceDestroy: false, accessLogs: true },
        ...prodHardening(base),
        processFunction: {
          ...base.processFunction,
          maxConcurrency: Math.max(base.processFunction?.maxConcurrency ?? 0, 50),
        },
      },
    },
    {
      stage: 'local',
      target: 'localstack',
      config: { ...base, architecture: localArchitecture(), buckets: { ...base.buckets, forceDestroy: true } },
    },
  ];
}

/** What prod turns on for the security scanner's sake (issue 13): each is an option dev can set too. */
function prodHardening(base: PipelineConfig): Pick<PipelineConfig, 'logRetentionDays' | 'tracing' | 'kms' | 'upload'> {
  return {
    logRetentionDays: Math.max(base.logRetentionDays ?? 0, 365),
    tracing: true,
    kms: true,
    upload: { ...base.upload, logging: true },
  };
}

/** The architectures the given stages deploy, each once. Validates the configurations, so it fails before any packaging. */
export function architecturesOf(stages: readonly StageDefinition[]): Architecture[] {
  return [...new Set(stages.map((definition) => resolvePipelineConfig(definition.config).architecture))];
}
