/**
 * The benchmarks: runs every part in `parts` in order and prints its figures, each figure that has
 * a target marked MISSED where it misses it, and the misses again at the end; asserts nothing.
 * `npm run bench` runs them all; `npm run bench -- processing` runs the parts named.
 * Add a part by exporting a BenchPart from scripts/bench/<name>.ts and listing it below.
 */
import { afterStepsBench } from './bench/after-steps.js';
import { decodeCostBench } from './bench/decode-cost.js';
import { localBench } from './bench/local.js';
import { processCliBench } from './bench/process-cli.js';
import { processingBench } from './bench/processing.js';
import { speedBench } from './bench/speed.js';
import { synthBench } from './bench/synth.js';
import { targetSummary } from './bench/targets.js';
import type { BenchPart } from './bench/types.js';
import { webhooksBench } from './bench/webhooks.js';

const parts: readonly BenchPart[] = [speedBench, processingBench, processCliBench, decodeCostBench, afterStepsBench, localBench, webhooksBench, synthBench];

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !parts.some((part) => part.name === name));
if (unknown.length > 0) {
  console.error(`unknown bench part(s): ${unknown.join(', ')}; known: ${parts.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

for (const part of parts.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
  const started = performance.now();
  console.log(`\n== ${part.name}: ${part.description}`);
  await part.run();
  console.log(`== ${part.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
// Every figure with a target, judged: the misses again in one place.
const summary = targetSummary();
if (summary.length > 0) console.log(`\n${summary.join('\n')}`);
