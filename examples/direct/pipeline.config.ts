import type { PipelineConfig } from '../../config/index.js';

/**
 * No queue: every image created under `images/` (any of the default suffixes, upper-case forms
 * included) invokes the process function directly, asynchronously. Lambda retries a failed
 * invocation twice, then its on-failure destination is the dead-letter queue; a bad image goes
 * there at once with its reason. The `default` preset, outputs in a dedicated bucket. After its
 * outputs, each image gets a metadata record in the DynamoDB table `imgpipe-direct-dev-metadata`
 * (keyed on the source key and ETag).
 * Synthesized as the stack `direct` (stage `dev`, AWS).
 */
export const pipelineConfig = {
  namePrefix: 'imgpipe-direct',
  region: 'eu-west-1',
  trigger: { via: 'direct', prefix: 'images/' },
  processing: 'default',
  after: { metadata: { store: 'table' } },
} satisfies PipelineConfig;
