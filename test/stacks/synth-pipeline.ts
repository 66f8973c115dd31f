import { Testing } from 'cdktf';
import { expect } from 'vitest';
import { resolvePipelineConfig } from '../../config/resolve.js';
import type { PipelineConfig } from '../../config/types.js';
import { pipelineConfig } from '../../pipeline.config.js';
import { PipelineStack, type PipelineStackProps } from '../../stacks/pipeline-stack.js';
import { dummyZip, resourcesOf, type Block, type TerraformJson } from '../modules/terraform-json.js';

/** Synthesizes the pipeline stack for `pipeline.config.ts` with these overrides (dev stage, AWS target by default). */
export function synthPipeline(overrides: Partial<PipelineConfig> = {}, props: Partial<PipelineStackProps> = {}): TerraformJson {
  const config = resolvePipelineConfig({ ...pipelineConfig, ...overrides });
  const zips = { process: dummyZip('process-arm64.zip'), upload: dummyZip('upload-arm64.zip') };
  const stack = new PipelineStack(Testing.app(), 'test', { stage: 'dev', config, zips, ...props });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** The one resource of a type matching the predicate, with its logical name. */
export function theOne(json: TerraformJson, type: string, predicate: (block: Block) => boolean): [string, Block] {
  const found = Object.entries(resourcesOf(json, type)).filter(([, block]) => predicate(block));
  expect(found, `one ${type} matching`).toHaveLength(1);
  return found[0] as [string, Block];
}

/** `${type.name.attribute}` as the JSON writes a reference. */
export const ref = (type: string, name: string, attribute: string): string => `\${${type}.${name}.${attribute}}`;
