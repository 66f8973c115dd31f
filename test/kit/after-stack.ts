/**
 * A real `PipelineStack` with the after-processing steps on, synthesized in memory from the
 * configuration of a stack the app builds (dev: the root `pipeline.config.ts`; direct and
 * state-machine: their examples) with `after` set as a test asks. The kit gets it as `tfJson`, so it
 * is tested against the Terraform of stacks/after/ itself, never a copy of it.
 */
import { Testing } from 'cdktf';
import type { AfterInput } from '../../config/after-schema.js';
import { resolvePipelineConfig } from '../../config/resolve.js';
import type { PipelineConfig } from '../../config/types.js';
import { pipelineConfig as devConfig } from '../../pipeline.config.js';
import { pipelineConfig as directConfig } from '../../examples/direct/pipeline.config.js';
import { pipelineConfig as stateMachineConfig } from '../../examples/state-machine/pipeline.config.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { PipelineStack } from '../../stacks/pipeline-stack.js';
import { dummyZips } from '../modules/terraform-json.js';

export type AfterStackBase = 'dev' | 'direct' | 'state-machine';

const baseConfigs: Readonly<Record<AfterStackBase, PipelineConfig>> = { dev: devConfig, direct: directConfig, 'state-machine': stateMachineConfig };

/** The two subscribers of `examples/webhooks/` (the kit rewrites each URL to a local receiver). */
export const subscriptions = [
  { id: 'orders-app', url: 'https://orders.example.com/hooks/images' },
  { id: 'cms', url: 'https://cms.example.com/webhooks' },
] as const;

export interface AfterStackOptions {
  readonly metadata: 'object' | 'table';
  /** Archive suffixes (prefix `zip/`, folders kept), each a trigger suffix; none: no archive. */
  readonly archiveSuffixes?: readonly string[];
  /** `after.webhooks.timeoutSeconds`. @default the configuration's */
  readonly webhookTimeoutSeconds?: number;
  /** The notify queue's maxReceiveCount. @default 3 */
  readonly maxReceiveCount?: number;
}

/** The `after` block the options ask for: the metadata store, the archive, the two webhook subscribers. */
function afterOf(options: AfterStackOptions): AfterInput {
  return {
    metadata: { store: options.metadata },
    ...(options.archiveSuffixes ? { archive: { suffixes: [...options.archiveSuffixes] } } : {}),
    webhooks: {
      subscriptions: subscriptions.map((s) => ({ ...s })),
      maxReceiveCount: options.maxReceiveCount ?? 3,
      ...(options.webhookTimeoutSeconds !== undefined ? { timeoutSeconds: options.webhookTimeoutSeconds } : {}),
    },
  };
}

/** `dev` (queue trigger), `direct` or `state-machine` (EventBridge), stage dev on AWS, with every after-processing step on. */
export function afterStack(base: AfterStackBase, options: AfterStackOptions): TfJson {
  const config = resolvePipelineConfig({ ...baseConfigs[base], after: afterOf(options) });
  const stack = new PipelineStack(Testing.app(), base, { stage: 'dev', config, zips: dummyZips(config.architecture) });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}
