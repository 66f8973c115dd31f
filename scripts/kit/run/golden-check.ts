import { GetObjectCommand } from '@aws-sdk/client-s3';
import { isDeepStrictEqual } from 'node:util';
import { presetNames, type ResolvedProcessingSpec } from '../../../config/index.js';
import { outputKeysFor } from '../../../functions/core/index.js';
import { checkAgainstGolden, goldenKeyContext, goldenSpec, isFailure, sourceKeyFor, type GoldenResult } from '../../golden/index.js';
import type { RunTarget } from './run-target.js';

/** The preset whose goldens apply: the one whose variants and key template the stack's spec has. */
export function presetOf(spec: ResolvedProcessingSpec): string | undefined {
  return presetNames.find((name) => {
    const preset = goldenSpec(name);
    return isDeepStrictEqual(preset.variants, spec.variants) && preset.keyTemplate === spec.keyTemplate;
  });
}

/**
 * Compares an upload's outputs with the goldens of its fixture: the golden keys are the output
 * keys of `images/<fixture file>` (how goldens are made); both lists come from outputKeysFor in
 * the same variant and format order, so they pair by position.
 */
export async function checkUploadAgainstGoldens(target: RunTarget, preset: string, fixtureFile: string, outputs: readonly string[]): Promise<GoldenResult[]> {
  const goldenKeys = outputKeysFor(sourceKeyFor(fixtureFile), target.processing, goldenKeyContext);
  if (goldenKeys.length !== outputs.length) {
    return [{ name: `${preset}/${fixtureFile}`, error: `the upload has ${outputs.length} outputs, the goldens ${goldenKeys.length}` }];
  }
  const results: GoldenResult[] = [];
  for (const [i, key] of outputs.entries()) {
    const reply = await target.s3.send(new GetObjectCommand({ Bucket: target.outputsBucket, Key: key }));
    const actual = Buffer.from(await reply.Body!.transformToByteArray());
    results.push(await checkAgainstGolden(preset, goldenKeys[i]!, actual));
  }
  return results;
}

export { isFailure };
