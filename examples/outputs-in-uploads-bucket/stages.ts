import { fileURLToPath } from 'node:url';
import type { PipelineConfig } from '../../config/types.js';
import type { StageDefinition } from '../../stacks/stages.js';

/**
 * One bucket, the layout of the seed this preset comes from: originals under `images/`, a 400x400
 * PNG of each under `resized/` in the same bucket. Allowed because `resized/` cannot match the
 * `images/` trigger; change the preset's key template to `images/...` and synthesis fails.
 */
export const exampleConfig = {
  namePrefix: 'imgpipe-onebucket',
  region: 'eu-west-1',
  architecture: 'x86_64',
  trigger: { prefix: 'images/', suffixes: ['.jpg', '.jpeg', '.png'] },
  output: { sameBucketAsUploads: true },
  processing: 'seed-contain400',
  upload: { auth: 'iam' },
} satisfies PipelineConfig;

export const exampleStages: StageDefinition[] = [{ stage: 'dev', target: 'aws', config: exampleConfig }];

/** The example's state lives beside it (terraform.dev.tfstate here), apart from the main dev stack's. */
export const exampleStateDir = fileURLToPath(new URL('.', import.meta.url));
