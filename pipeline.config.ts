import type { PipelineConfig } from './config/index.js';

/**
 * The pipeline configuration you edit. Every field is optional except namePrefix; see
 * config/types.ts for each field's meaning and default, and the README's configuration reference.
 * Stacks derive from this: dev uses it as is, prod overrides what differs.
 */
export const pipelineConfig = {
  namePrefix: 'imgpipe',
  region: 'eu-west-1',
  architecture: 'arm64',
  trigger: { prefix: 'images/' },
  processing: 'default',
} satisfies PipelineConfig;
