import type { PipelineConfig } from '../../config/index.js';

/**
 * Two buckets: uploads under `images/` reach EventBridge (S3's EventBridge notifications), a rule
 * starts a Step Functions execution per image (Task invoking the process function -> Choice on
 * `ok` -> Succeed, or Fail with the code and the reason), and `POST /executions` on the API starts
 * one for a key already in the bucket. The `seed-width500` preset: a 500 px wide JPEG under
 * `output/` in the second (outputs) bucket. The key template writes `output/`, so `output.prefix`
 * stays empty (a prefix would give `output/output/...`). x86_64 functions.
 * Synthesized as the stack `state-machine` (stage `dev`, AWS).
 */
export const pipelineConfig = {
  namePrefix: 'imgpipe-sfn',
  region: 'eu-west-1',
  architecture: 'x86_64',
  trigger: { via: 'eventbridge', prefix: 'images/', executionsApi: true },
  output: { sameBucketAsUploads: false },
  processing: 'seed-width500',
} satisfies PipelineConfig;
