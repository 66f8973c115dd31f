import { mkdirSync } from 'node:fs';
import { App } from 'cdktf';
import { resolvePipelineConfig } from '../config/resolve.js';
import type { Architecture } from '../config/types.js';
import { PipelineStack, type FunctionZips } from './pipeline-stack.js';
import type { StageDefinition } from './stages.js';

export interface CreateAppOptions {
  readonly stages: readonly StageDefinition[];
  /** Zip paths per architecture; every architecture the stages use must be present. */
  readonly zips: Partial<Record<Architecture, FunctionZips>>;
  /** @default 'cdktf.out' (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
  /** Directory of the stacks' local state files. @default the working directory */
  readonly stateDir?: string;
}

/** Builds the app with one PipelineStack per stage; configurations are resolved (and validated) here. */
export function createApp(options: CreateAppOptions): App {
  // cdktf creates only the last level of the output directory.
  if (options.outdir !== undefined) mkdirSync(options.outdir, { recursive: true });
  const app = new App({ ...(options.outdir !== undefined && { outdir: options.outdir }), stackTraces: false });
  for (const definition of options.stages) {
    const config = resolvePipelineConfig(definition.config);
    const zips = options.zips[config.architecture];
    if (zips === undefined) throw new Error(`No function zips for architecture ${config.architecture} (stage ${definition.stage})`);
    new PipelineStack(app, definition.stage, {
      stage: definition.stage,
      target: definition.target,
      config,
      zips,
      ...(options.stateDir !== undefined && { stateDir: options.stateDir }),
    });
  }
  return app;
}
