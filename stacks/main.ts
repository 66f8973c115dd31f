import { pathToFileURL } from 'node:url';
import { pipelineConfig } from '../pipeline.config.js';
import { packageForArchitectures } from '../scripts/packaging/index.js';
import { architecturesOf, createApp } from './app.js';
import { stageDefinitions } from './stages.js';

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/** Packages the functions for every architecture in use, then writes cdktf.out/stacks/<stack>/cdk.tf.json. */
export async function synthesize(options: { outdir?: string } = {}): Promise<SynthResult> {
  const stages = stageDefinitions(pipelineConfig);
  const zips = await packageForArchitectures(architecturesOf(stages));
  const app = createApp({ stages, zips, ...(options.outdir !== undefined && { outdir: options.outdir }) });
  app.synth();
  return { outdir: app.outdir, stacks: stages.map((definition) => definition.stage) };
}

// The cdktf CLI runs this file (cdktf.json: `npx tsx stacks/main.ts`).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await synthesize();
}
