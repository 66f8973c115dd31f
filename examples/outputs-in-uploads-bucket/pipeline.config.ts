import type { PipelineConfig } from '../../config/index.js';

/**
 * One bucket, the layout of the seed this preset comes from: originals under `images/`, a 400x400
 * PNG of each under `resized/` in the same bucket. Allowed because `resized/` cannot match the
 * `images/` trigger; change the preset's key template to `images/...` and synthesis fails.
 * Synthesized as the stack `outputs-in-uploads-bucket` (stage `dev`, AWS).
 */
export const pipelineConfig = {
  namePrefix: 'imgpipe-onebucket',
  region: 'eu-west-1',
  architecture: 'x86_64',
  trigger: { prefix: 'images/', suffixes: ['.jpg', '.jpeg', '.png'] },
  output: { sameBucketAsUploads: true },
  processing: 'seed-contain400',
  upload: { auth: 'iam' },
} satisfies PipelineConfig;
