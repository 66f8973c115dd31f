import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * True the first time a sandbox asks for `marker`, false after: remembered in a file under
 * KIT_TEST_STATE_DIR, as the next invocation may run in another sandbox process. For the handler
 * wrappers of the kit's tests (KitOptions.handlerWrappers).
 */
export function firstTime(marker: string): boolean {
  const path = join(process.env.KIT_TEST_STATE_DIR ?? '/tmp', encodeURIComponent(marker));
  if (existsSync(path)) return false;
  writeFileSync(path, '');
  return true;
}
