import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/errors.js';
import { resolvePipelineConfig } from '../config/resolve.js';
import type { PipelineConfig } from '../config/types.js';
import type { DeployTarget } from './pipeline-stack.js';
import type { StageDefinition, StageName } from './stages.js';

/** The one file of an example: `examples/<folder>/pipeline.config.ts`, shaped like the project's own. */
export const exampleConfigFile = 'pipeline.config.ts';

/**
 * What an example's `pipeline.config.ts` exports. `pipelineConfig` has the name and the shape of
 * the root `pipeline.config.ts`, so the file can be copied over it (or passed to `npm run synth -- --config`).
 */
export interface ExampleModule {
  readonly pipelineConfig: PipelineConfig;
  /** Part of every resource name (`<namePrefix>-<stage>-...`). @default 'dev' */
  readonly stage?: StageName;
  /** @default 'aws' */
  readonly target?: DeployTarget;
}

const stages: readonly StageName[] = ['dev', 'prod', 'local'];
const targets: readonly DeployTarget[] = ['aws', 'localstack'];

/** Every folder under `examplesDir`, sorted: each one is an example, and so a stack. */
export function exampleFolders(examplesDir: string): string[] {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

const fault = (file: string, message: string): ConfigError => new ConfigError([{ field: file, message }]);

/**
 * One example as a stack definition: the stack is named after its folder, and its state file
 * (`terraform.<folder>.tfstate`) stays in that folder. The configuration is validated here so that
 * a mistake names the example's file.
 */
export async function loadExample(examplesDir: string, folder: string): Promise<StageDefinition> {
  const dir = join(examplesDir, folder);
  const file = `examples/${folder}/${exampleConfigFile}`;
  // A folder whose file is missing or misnamed would otherwise drop out of the stacks unnoticed.
  if (!existsSync(join(dir, exampleConfigFile))) throw fault(file, 'is missing: every folder under examples/ is an example and needs one');
  const module = (await import(pathToFileURL(join(dir, exampleConfigFile)).href)) as Partial<ExampleModule>;
  if (module.pipelineConfig === undefined) throw fault(file, 'exports no pipelineConfig');
  const stage = module.stage ?? 'dev';
  const target = module.target ?? 'aws';
  if (!stages.includes(stage)) throw fault(file, `exports stage ${JSON.stringify(stage)}; one of ${stages.join(', ')}`);
  if (!targets.includes(target)) throw fault(file, `exports target ${JSON.stringify(target)}; one of ${targets.join(', ')}`);
  try {
    resolvePipelineConfig(module.pipelineConfig);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const [first, ...rest] = error.issues.map((issue) => ({ ...issue, field: `${file}: ${issue.field}` }));
    throw new ConfigError([first!, ...rest]);
  }
  return { stack: folder, stage, target, config: module.pipelineConfig, stateDir: dir };
}

/** The examples the app synthesizes, one stack per folder under `examplesDir`, in folder order. */
export async function exampleStacks(examplesDir: string): Promise<StageDefinition[]> {
  return Promise.all(
    exampleFolders(examplesDir)
      .map((folder) => loadExample(examplesDir, folder)),
  );
}
