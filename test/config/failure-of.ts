import { expect } from 'vitest';
import { ConfigError, resolvePipelineConfig, type PipelineConfig } from '../../config/index.js';

/** The ConfigError a configuration fails with (the test fails if it resolves). */
export function failureOf(config: unknown): ConfigError {
  try {
    resolvePipelineConfig(config as PipelineConfig);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  return expect.unreachable(`${JSON.stringify(config)} should have been refused`);
}
