import type { z } from 'zod';
import { maxPixelsForMemory, imageTimeLimitFor, taskTimeoutFor, visibilityTimeoutFor } from './derived.js';
import { defaults } from './defaults.js';
import { ConfigError } from './errors.js';
import { configIssues, issueMessage, show } from './issues.js';
import { presets } from './presets.js';
import { processingSchema, processingSpecSchema } from './processing-schema.js';
import { outputCanMatchTrigger } from './recursion.js';
import { assertAfterStepsCannotTrigger, resolveAfterSteps } from './resolve-after.js';
import type { ResolvedPipelineConfig, ResolvedProcessingSpec, ResolvedTrigger } from './resolved.js';
import { pipelineConfigSchema, type ParsedPipelineConfig } from './schema.js';
import type { PipelineConfig, ProcessingSpec } from './types.js';

export { imageTimeLimitFor, maxPixelsForMemory } from './derived.js';

/** Parses with one of the configuration's schemas; throws a ConfigError listing every issue, paths under `base`. */
function parse<S extends z.ZodType>(schema: S, input: unknown, base: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true, error: issueMessage });
  if (result.success) return result.data;
  const [first, ...rest] = configIssues(result.error, base);
  throw new ConfigError(first === undefined ? [{ field: '', message: result.error.message }] : [first, ...rest]);
}

function specOf(processing: z.output<typeof processingSchema>): z.output<typeof processingSpecSchema> {
  // A preset is valid by construction (test/config checks every one); parsing applies its defaults.
  return typeof processing === 'string' ? processingSpecSchema.parse(presets[processing as keyof typeof presets]) : processing;
}

/**
 * Resolves a preset name or an explicit spec into what the processing core runs. Limits come from
 * the caller (they depend on the function's memory). `field` names the value in errors.
 */
export function resolveProcessingSpec(
  processing: string | ProcessingSpec,
  limits: { maxInputPixels: number; maxInputBytes: number; imageTimeLimitSeconds?: number },
  field = 'processing',
): ResolvedProcessingSpec {
  return {
    ...specOf(parse(processingSchema, processing, [field])),
    maxInputPixels: limits.maxInputPixels,
    maxInputBytes: limits.maxInputBytes,
    imageTimeLimitSeconds: limits.imageTimeLimitSeconds ?? imageTimeLimitFor(defaults.processTimeoutSeconds),
  };
}

/** The trigger with its derived values. */
function resolveTrigger(config: ParsedPipelineConfig): ResolvedTrigger {
  const { trigger, processFunction } = config;
  switch (trigger.via) {
    case 'queue':
      return { ...trigger, visibilityTimeoutSeconds: visibilityTimeoutFor(processFunction.timeoutSeconds, trigger.batchingWindowSeconds) };
    case 'direct':
      return trigger;
    case 'eventbridge':
      return { ...trigger, taskTimeoutSeconds: taskTimeoutFor(processFunction.timeoutSeconds) };
  }
}

/** The recursion guard: outputs in the uploads bucket must not be able to trigger processing again. */
function assertOutputsCannotTrigger(config: ParsedPipelineConfig, processing: ResolvedProcessingSpec): void {
  if (!config.output.sameBucketAsUploads) return;
  const trigger = config.trigger;
  // The same for every trigger: each filters keys by this prefix and these suffixes.
  const formats = [...new Set(processing.variants.flatMap((v) => v.formats))];
  if (outputCanMatchTrigger(trigger, { prefix: config.output.prefix, keyTemplate: processing.keyTemplate, formats })) {
    throw new ConfigError([
      {
        field: 'output.prefix',
        message:
          `${show(config.output.prefix)} with key template ${show(processing.keyTemplate)} writes keys that match the trigger ` +
          `(prefix ${show(trigger.prefix)}, suffixes ${trigger.suffixes.join(' ')}) in the same bucket: every output would trigger processing again`,
      },
    ]);
  }
}

/**
 * Validates the configuration against its schema (unknown fields, wrong types, bad values), applies
 * the defaults, derives the dependent values and runs the recursion guard. Throws a ConfigError
 * naming every field at fault.
 */
export function resolvePipelineConfig(input: PipelineConfig): ResolvedPipelineConfig {
  const config = parse(pipelineConfigSchema, input);
  const { processFunction } = config;
  const processing = resolveProcessingSpec(config.processing, {
    maxInputPixels: config.maxInputPixels ?? maxPixelsForMemory(processFunction.memoryMb),
    maxInputBytes: config.maxInputBytes,
    imageTimeLimitSeconds: imageTimeLimitFor(processFunction.timeoutSeconds),
  });
  assertOutputsCannotTrigger(config, processing);
  const after = resolveAfterSteps(config);
  assertAfterStepsCannotTrigger(config, after);

  return {
    namePrefix: config.namePrefix,
    region: config.region,
    architecture: config.architecture,
    trigger: resolveTrigger(config),
    output: config.output,
    ...(typeof config.processing === 'string' && { presetName: config.processing }),
    processing,
    after,
    processFunction,
    uploadFunction: { ...config.uploadFunction, reservedConcurrency: config.uploadFunction.reservedConcurrency ?? config.upload.burstLimit },
    deadLetterQueue: { retentionSeconds: config.deadLetterQueue.retentionDays * 86400 },
    upload: config.upload,
    buckets: config.buckets,
    logRetentionDays: config.logRetentionDays,
    tracing: config.tracing,
    kms: config.kms,
    ...(config.stateBackend !== undefined && { stateBackend: { ...config.stateBackend, region: config.stateBackend.region ?? config.region } }),
    ...(config.alarmEmail !== undefined && { alarmEmail: config.alarmEmail }),
  };
}
