import { readProcessFunctionEnv, type ProcessFunctionEnv } from '../../config/function-env.js';

/** Outputs never change under a key: a new upload gets a new source key, so new output keys. */
export const defaultCacheControl = 'public, max-age=31536000, immutable';
/** Optional override of the Cache-Control header written on every output. */
export const cacheControlEnvName = 'OUTPUT_CACHE_CONTROL';

export interface ProcessSettings extends ProcessFunctionEnv {
  readonly cacheControl: string;
}

/** Read once per container, at module scope. Throws naming a missing variable. */
export function readProcessSettings(env: NodeJS.ProcessEnv = process.env): ProcessSettings {
  return { ...readProcessFunctionEnv(env), cacheControl: env[cacheControlEnvName] || defaultCacheControl };
}
