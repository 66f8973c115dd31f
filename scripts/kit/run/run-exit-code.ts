import type { KitFault } from '../kit-faults.js';
import type { ImageRun } from './run-uploads.js';

/** `npm run local`'s exit status after a run: 1 when an image did not end as expected or the kit itself had a fault, else 0. */
export function runExitCode(runs: readonly Pick<ImageRun, 'verdict'>[], faults: readonly KitFault[]): 0 | 1 {
  return runs.some((run) => run.verdict === 'fail') || faults.length > 0 ? 1 : 0;
}
