import { packageFunctions } from '../../scripts/packaging/index.js';
import { createApp } from '../../stacks/app.js';
import { exampleStages, exampleStateDir } from './stages.js';

// npx tsx examples/outputs-in-uploads-bucket/main.ts -> cdktf.out/examples/outputs-in-uploads-bucket/stacks/dev/cdk.tf.json
const zips = await packageFunctions({ architecture: 'x86_64' });
const app = createApp({
  stages: exampleStages,
  zips: { x86_64: zips },
  outdir: 'cdktf.out/examples/outputs-in-uploads-bucket',
  stateDir: exampleStateDir,
});
app.synth();
console.log(`wrote ${app.outdir}/stacks/dev/cdk.tf.json`);
