import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { presetNames, type ResolvedProcessingSpec } from '../../../config/index.js';
import { outputKeysFor } from '../../../functions/core/index.js';
import { checkAgainstGolden, fixturesDir, goldenKeyContext, goldenSpec, isFailure, sourceKeyFor, type GoldenResult } from '../../golden/index.js';

/** The preset whose goldens apply: the one whose variants and key template the stack's spec has. */
export function presetOf(spec: ResolvedProcessingSpec): string | undefined {
  return presetNames.find((name) => {
    const preset = goldenSpec(name);
    return isDeepStrictEqual(preset.variants, spec.variants) && preset.keyTemplate === spec.keyTemplate;
  });
}

/**
 * The fixture whose goldens apply to an image file: the one in fixtures/images with the same name
 * and the same bytes. Anyone's own photo (another name, or other bytes under a fixture's name) has
 * none: goldens describe the fixtures, not whatever is called `photo-640x480.jpg`.
 */
export async function fixtureOf(path: string): Promise<string | undefined> {
  const name = basename(path);
  const fixture = await readFile(join(fixturesDir, name)).catch(() => undefined);
  if (fixture === undefined) return undefined;
  return fixture.equals(await readFile(path)) ? name : undefined;
}

/**
 * Compares an upload's outputs with the goldens of its fixture: the golden keys are the output
 * keys of `images/<fixture file>` (how goldens are made); both lists come from outputKeysFor in
 * the same variant and format order, so they pair by position.
 */
export async function checkUploadAgainstGoldens(spec: ResolvedProcessingSpec, preset: string, fixtureFile: string, outputs: readonly Buffer[]): Promise<GoldenResult[]> {
  const goldenKeys = outputKeysFor(sourceKeyFor(fixtureFile), spec, goldenKeyContext);
  if (goldenKeys.length !== outputs.length) {
    return [{ name: `${preset}/${fixtureFile}`, error: `the upload has ${outputs.length} outputs, the goldens ${goldenKeys.length}` }];
  }
  return Promise.all(outputs.map((actual, i) => checkAgainstGolden(preset, goldenKeys[i]!, actual)));
}

export { isFailure };
