/**
 * The types of the pipeline configuration, all derived from its schema (config/schema.ts, where
 * each field is documented with its default and its rule).
 */
import type { z } from 'zod';
import type { outputFormats } from './formats.js';
import type { processingSpecSchema, variantSchema } from './processing-schema.js';
import type { ParsedPipelineConfig, pipelineConfigSchema } from './schema.js';
import type { TriggerInput } from './trigger-schema.js';

/** Read-only all the way down, so configurations written `as const` are accepted too. */
type DeepReadonly<T> = T extends readonly (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The configuration you write (pipeline.config.ts): only `namePrefix` is required. */
export type PipelineConfig = DeepReadonly<Omit<z.input<typeof pipelineConfigSchema>, 'trigger'> & { trigger?: TriggerInput }>;

/** How the processing core turns one source image into its outputs. */
export type ProcessingSpec = DeepReadonly<z.input<typeof processingSpecSchema>>;

/** One output size, written in each of its formats. */
export type VariantSpec = DeepReadonly<z.input<typeof variantSchema>>;

export type Architecture = ParsedPipelineConfig['architecture'];
export type UploadAuth = ParsedPipelineConfig['upload']['auth'];
export type Fit = z.output<typeof variantSchema>['fit'];
export type OutputFormat = (typeof outputFormats)[number];
