import { relative } from 'node:path';
import { synthesize } from '../stacks/main.js';

/** `npm run synth`: the cdktf app without the cdktf CLI or terraform; prints what it wrote. */
const started = performance.now();
const result = await synthesize();
const seconds = ((performance.now() - started) / 1000).toFixed(2);
for (const stack of result.stacks) {
  console.log(`wrote ${relative(process.cwd(), `${result.outdir}/stacks/${stack}/cdk.tf.json`)}`);
}
console.log(`synthesized ${result.stacks.length} stacks in ${seconds} s`);
