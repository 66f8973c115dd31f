import { Testing } from 'cdktf';
import { resolvePipelineConfig } from '../../config/resolve.js';
import type { PipelineConfig } from '../../config/types.js';
import { pipelineConfig } from '../../pipeline.config.js';
import { PipelineStack, type PipelineStackProps } from '../../stacks/pipeline-stack.js';
import { dummyZips, type TerraformJson } from '../modules/terraform-json.js';

/** Synthesizes the pipeline stack for `pipeline.config.ts` with these overrides (dev stage, AWS target by default). */
export function synthPipeline(overrides: Partial<PipelineConfig> = {}, props: Partial<PipelineStackProps> = {}): TerraformJson {
  const config = resolvePipelineConfig({ ...pipelineConfig, ...overrides });
  const zips = dummyZips();
  const stack = new PipelineStack(Testing.app(), 'test', { stage: 'dev', config, zips, ...props });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

export { theOne } from '../modules/terraform-json.js';

/** `${type.name.attribute}` as the JSON writes a reference. */
export const ref = (type: string, name: string, attribute: string): string => `\${${type}.${name}.${attribute}}`;
