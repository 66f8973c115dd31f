import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaults, maxPixelsForMemory, resolveProcessingSpec, type PresetName, type ResolvedProcessingSpec } from '../../config/index.js';
import type { KeyContext } from '../../functions/core/index.js';
import { compareImages, type CompareOptions } from './compare.js';
import type { GoldenResult } from './report.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The good fixtures; hostile ones live in `hostile/` below it. */
export const fixturesDir = path.join(repoRoot, 'fixtures', 'images');
export const hostileFixturesDir = path.join(fixturesDir, 'hostile');
/** Goldens live at `fixtures/golden/<preset>/<output key>`. */
export const goldenDir = path.join(repoRoot, 'fixtures', 'golden');
/** Where the HTML report of failing goldens is written. */
export const goldenReportDir = path.join(repoRoot, 'reports', 'golden');

/**
 * How goldens are produced: each fixture uploaded as `images/<file name>` with the default trigger
 * prefix and no output prefix, with the default process function's limits.
 */
export const goldenKeyContext: KeyContext = { triggerPrefix: defaults.triggerPrefix, outputPrefix: defaults.outputPrefix };

export const sourceKeyFor = (fixtureFile: string): string => `${goldenKeyContext.triggerPrefix}${fixtureFile}`;

export function goldenSpec(preset: PresetName): ResolvedProcessingSpec {
  return resolveProcessingSpec(preset, {
    maxInputPixels: maxPixelsForMemory(defaults.processMemoryMb),
    maxInputBytes: defaults.maxInputBytes,
  });
}

export const goldenPath = (preset: string, outputKey: string): string => path.join(goldenDir, preset, ...outputKey.split('/'));

const imageFile = /\.(jpe?g|png|webp|gif|tiff?|avif)$/i;

/** File names of the good fixtures (image files directly in fixtures/images), sorted. */
export async function listGoodFixtures(): Promise<string[]> {
  const entries = await readdir(fixturesDir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && imageFile.test(e.name)).map((e) => e.name).sort();
}

/** Compares one output with its golden file; a missing golden is a failure that says so. */
export async function checkAgainstGolden(
  preset: string,
  outputKey: string,
  actual: Buffer,
  options?: CompareOptions,
): Promise<GoldenResult> {
  const name = `${preset}/${outputKey}`;
  let expected: Buffer;
  try {
    expected = await readFile(goldenPath(preset, outputKey));
  } catch {
    return { name, error: `no golden file at ${path.relative(repoRoot, goldenPath(preset, outputKey))}; run npm run golden:update`, actual };
  }
  try {
    return { name, comparison: await compareImages(expected, actual, options), expected, actual };
  } catch (error) {
    return { name, error: `could not compare: ${error instanceof Error ? error.message : String(error)}`, expected, actual };
  }
}
