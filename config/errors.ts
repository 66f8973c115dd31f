/** A configuration value is invalid; `field` is its dotted path, e.g. `queue.batchSize`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`Invalid pipeline configuration: ${field} ${reason}`);
  }
}
