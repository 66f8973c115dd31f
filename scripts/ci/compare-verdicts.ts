/**
 * `tsx scripts/ci/compare-verdicts.ts <expected.json> <actual.json> [--excuse <file>=<why>]...`:
 * compares the per-image verdicts of two `npm run local -- --json` runs of the same images (the
 * embedded emulator's and a LocalStack-compatible endpoint's). Prints each difference; exits 1 when
 * there is one that is not excused, 2 on a command line or file it cannot read.
 */
import { parseArgs } from 'node:util';
import { readVerdictFile, verdictDifferences } from '../kit/run/verdict-file.js';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { excuse: { type: 'string', multiple: true, default: [] } } });
  if (positionals.length !== 2) {
    console.error('usage: compare-verdicts.ts <expected.json> <actual.json> [--excuse <file>=<why>]...');
    return 2;
  }
  const excused = new Map(
    values.excuse.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, 'excused'] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
  const [expected, actual] = await Promise.all(positionals.map((path) => readVerdictFile(path)));
  for (const [file, why] of excused) console.log(`not compared: ${file} (${why})`);
  const differences = verdictDifferences(expected!, actual!, excused);
  for (const line of differences) console.log(`DIFFERS ${line}`);
  const compared = new Set([...expected!.images, ...actual!.images].map((image) => image.file).filter((file) => !excused.has(file))).size;
  console.log(`${compared - differences.length} of ${compared} images with the same verdict on ${expected!.target} and ${actual!.target}`);
  return differences.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(2);
  },
);
