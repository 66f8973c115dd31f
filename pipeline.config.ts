import type { PipelineConfig } from './config/index.js';

/**
 * The pipeline configuration you edit. Every field is optional except namePrefix; config/schema.ts
 * documents each field with its default and its rule, and the README has the reference table.
 * `npm run synth` checks it against that schema: an unknown field, a wrong type or a bad value
 * fails with one line naming the field. Stacks derive from this: dev uses it as is, prod
 * overrides what differs.
 */
export const pipelineConfig: PipelineConfig = {
  namePrefix: 'imgpipe',
  region: 'eu-west-1',
  architecture: 'arm64',
  trigger: { prefix: 'images/' },
  processing: 'default',
};
