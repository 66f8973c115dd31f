/**
 * Rewrites fixtures/golden/<preset>/<output key> for every good fixture and preset from the current
 * processing core. Review the changed images before committing them. `npm run golden:update`
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { presetNames } from '../config/index.js';
import { processImage } from '../functions/core/index.js';
import { fixturesDir, goldenDir, goldenKeyContext, goldenPath, goldenReportDir, goldenSpec, listGoodFixtures, sourceKeyFor } from './golden/index.js';

async function main(): Promise<void> {
  const fixtures = await listGoodFixtures();
  let files = 0;
  let bytes = 0;
  for (const preset of presetNames) {
    await rm(path.join(goldenDir, preset), { recursive: true, force: true });
    const spec = goldenSpec(preset);
    for (const fixture of fixtures) {
      const input = await readFile(path.join(fixturesDir, fixture));
      const result = await processImage(input, { ...goldenKeyContext, sourceKey: sourceKeyFor(fixture), spec });
      for (const output of result.outputs) {
        const file = goldenPath(preset, output.key);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, output.body);
        files++;
        bytes += output.body.length;
      }
    }
    console.log(`${preset}: ${fixtures.length} fixtures`);
  }
  // The report of failing goldens describes the goldens just replaced.
  await rm(goldenReportDir, { recursive: true, force: true });
  console.log(`wrote ${files} golden files, ${(bytes / 1024 / 1024).toFixed(2)} MiB, under ${path.relative(process.cwd(), goldenDir)}`);
}

await main();
