import { readUploadFunctionEnv, type UploadFunctionEnv } from '../../config/function-env.js';

export type UploadSettings = UploadFunctionEnv;

/** Read once per container, at module scope. Throws naming a missing variable. */
export function readUploadSettings(env: NodeJS.ProcessEnv = process.env): UploadSettings {
  return readUploadFunctionEnv(env);
}
