/**
 * `npm run synth [-- --config <module>]`, and the cdktf CLI's app (cdktf.json): packages the
 * functions for every architecture the stacks use (once per architecture, shared by the stacks),
 * then writes cdktf.out/stacks/<stack>/cdk.tf.json (CDKTF_OUTDIR when the CLI runs it) for dev,
 * prod, local and every example (`examples/<folder>/`, the stack `<folder>`: stacks/example-stacks.ts).
 * Needs neither terraform nor the cdktf CLI.
 *
 * The configuration is validated before anything is built: an invalid one prints one line per
 * field at fault, without a stack trace, and exits 1. `--config` synthesizes another module that
 * exports `pipelineConfig` (default: pipeline.config.ts).
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, type PipelineConfig } from '../config/index.js';
import { exampleStacks } from '../stacks/example-stacks.js';
import { architecturesOf, stackIdOf, stageDefinitions } from '../stacks/stages.js';
import { reportingConfigErrors } from './report-config-errors.js';

async function loadConfig(path: string | undefined): Promise<PipelineConfig> {
  if (path === undefined) return (await import('../pipeline.config.js')).pipelineConfig;
  const module = (await import(pathToFileURL(resolve(path)).href)) as { pipelineConfig?: PipelineConfig };
  if (module.pipelineConfig === undefined) throw new ConfigError([{ field: '', message: `${path} exports no pipelineConfig` }]);
  return module.pipelineConfig;
}

async function synthesize(configPath: string | undefined): Promise<void> {
  const started = performance.now();
  const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
  const stages = [...stageDefinitions(await loadConfig(configPath)), ...(await exampleStacks(examplesDir))];
  const architectures = architecturesOf(stages);
  // Loaded once the configuration is known to be valid, so a mistake is reported without waiting for cdktf.
  const [{ packageForArchitectures }, { createApp }] = await Promise.all([import('./packaging/index.js'), import('../stacks/app.js')]);
  const zips = await packageForArchitectures(architectures);
  const app = createApp({ stages, zips });
  app.synth();
  for (const definition of stages) console.log(`wrote ${relative(process.cwd(), `${app.outdir}/stacks/${stackIdOf(definition)}/cdk.tf.json`)}`);
  console.log(`synthesized ${stages.length} stacks in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

const { values } = parseArgs({ options: { config: { type: 'string' } } });
await reportingConfigErrors(() => synthesize(values.config));
