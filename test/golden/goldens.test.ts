import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetNames } from '../../config/index.js';
import { outputKeysFor, processImage } from '../../functions/core/index.js';
import {
  checkAgainstGolden,
  fixturesDir,
  goldenDir,
  goldenKeyContext,
  goldenReportDir,
  goldenSpec,
  isFailure,
  listGoodFixtures,
  sourceKeyFor,
  updateGoldenReport,
  type GoldenResult,
} from '../../scripts/golden/index.js';

const fixtures = await listGoodFixtures();
const results: GoldenResult[] = [];

// Rewritten or removed on every run, so it never shows failures that were fixed since.
afterAll(async () => {
  const report = await updateGoldenReport(goldenReportDir, results);
  if (report) console.error(`golden images differ; see ${report.file}`);
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe.each(presetNames)('preset %s', (preset) => {
  const spec = goldenSpec(preset);

  it.each(fixtures)(`${preset}: %s matches its goldens`, async (fixture) => {
    const input = await readFile(path.join(fixturesDir, fixture));

    const result = await processImage(input, { ...goldenKeyContext, sourceKey: sourceKeyFor(fixture), spec });

    const checks = await Promise.all(result.outputs.map((output) => checkAgainstGolden(preset, output.key, output.body)));
    results.push(...checks);
    const failures = checks.filter(isFailure).map((c) => `${c.name}: ${c.comparison?.reason ?? c.error}`);
    expect(failures).toEqual([]);
  });

  it(`${preset}: has no golden file that no fixture produces`, async () => {
    const expected = fixtures.flatMap((fixture) => outputKeysFor(sourceKeyFor(fixture), spec, goldenKeyContext)).sort();

    expect((await filesUnder(path.join(goldenDir, preset))).sort()).toEqual(expected);
  });
});
