import { mkdirSync } from 'node:fs';
import { App } from 'cdktf';
import { resolvePipelineConfig } from '../config/resolve.js';
import type { Architecture } from '../config/types.js';
import { PipelineStack, type FunctionZips } from './pipeline-stack.js';
import { stackIdOf, type StageDefinition } from './stages.js';

export interface CreateAppOptions {
  readonly stages: readonly StageDefinition[];
  /** Zip paths per architecture; every architecture the stages use must be present. */
  readonly zips: Partial<Record<Architecture, FunctionZips>>;
  /** @default 'cdktf.out' (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
  /** Directory of the stacks' local state files, unless a definition names its own. @default the working directory */
  readonly stateDir?: string;
}

/** Builds the app with one PipelineStack per definition (stage or example); configurations are resolved (and validated) here. */
export function createApp(options: CreateAppOptions): App {
  // cdktf creates only the last level of the output directory.
  if (options.outdir !== undefined) mkdirSync(options.outdir, { recursive: true });
  const app = new App({ ...(options.outdir !== undefined && { outdir: options.outdir }), stackTraces: false });
  for (const definition of options.stages) {
    const config = resolvePipelineConfig(definition.config);
    const id = stackIdOf(definition);
    // Stacks of one architecture share its zips: packaging runs once per architecture, not per stack.
    const zips = options.zips[config.architecture];
    if (zips === undefined) throw new Error(`No function zips for architecture ${config.architecture} (${id === definition.stage ? `stage ${id}` : `stack ${id}`})`);
    const stateDir = definition.stateDir ?? options.stateDir;
    new PipelineStack(app, id, {
      stage: definition.stage,
      target: definition.target,
      config,
      zips,
      ...(stateDir !== undefined && { stateDir }),
    });
  }
  return app;
}
