import { allowedLogRetentionDays, defaults, maxUploadBytesThroughApi } from './defaults.js';
import { ConfigError } from './errors.js';
import { outputFormats } from './formats.js';
import { isPresetName, presetNames, presets } from './presets.js';
import { outputCanMatchTrigger } from './recursion.js';
import type { ResolvedPipelineConfig, ResolvedProcessingSpec, ResolvedVariant } from './resolved.js';
import type { PipelineConfig, ProcessingSpec, VariantSpec } from './types.js';

const namePattern = /^[a-z][a-z0-9-]{1,23}$/;
const variantNamePattern = /^[a-z0-9][a-z0-9-]{0,31}$/;
const keyPrefixPattern = /^([A-Za-z0-9!_.*'()-]+\/)*$/;
const suffixPattern = /^\.[a-z0-9]{1,10}$/;
const colourPattern = /^#[0-9a-fA-F]{6}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const templateTokens = new Set(['dir', 'name', 'variant', 'width', 'height', 'ext']);

function integerIn(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function matching(field: string, value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new ConfigError(field, `must be ${what}, got ${JSON.stringify(value)}`);
  return value;
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** The default pixel ceiling for a function memory size: memory over a per-pixel budget. */
/**
 * Seconds one image may take, for a process function timeout: half of it. The worst file the
 * header checks accept takes under 2 s here, so only a pathology runs this long, and the other
 * half leaves the rest of a batch room to finish or to fail as retryable.
 */
export function imageTimeLimitFor(timeoutSeconds: number): number {
  return Math.max(1, Math.floor(timeoutSeconds / 2));
}

export function maxPixelsForMemory(memoryMb: number): number {
  const budget = Math.floor((memoryMb * 1024 * 1024) / defaults.bytesPerPixelBudget);
  return Math.min(budget, defaults.maxInputPixelsCeiling);
}

function resolveVariant(field: string, variant: VariantSpec): ResolvedVariant {
  matching(`${field}.name`, variant.name, variantNamePattern, 'lowercase letters, digits and dashes');
  if (variant.width === undefined && variant.height === undefined) {
    throw new ConfigError(field, 'needs a width, a height or both');
  }
  if (variant.width !== undefined) integerIn(`${field}.width`, variant.width, 1, 16383);
  if (variant.height !== undefined) integerIn(`${field}.height`, variant.height, 1, 16383);
  const fit = oneOf(`${field}.fit`, variant.fit ?? defaults.fit, ['inside', 'cover'] as const);
  if (fit === 'cover' && (variant.width === undefined || variant.height === undefined)) {
    throw new ConfigError(`${field}.fit`, "'cover' needs both width and height");
  }
  if (variant.formats.length === 0) throw new ConfigError(`${field}.formats`, 'must name at least one format');
  variant.formats.forEach((format, i) => oneOf(`${field}.formats[${i}]`, format, outputFormats));
  if (new Set(variant.formats).size !== variant.formats.length) {
    throw new ConfigError(`${field}.formats`, 'must not repeat a format');
  }
  return {
    name: variant.name,
    ...(variant.width !== undefined && { width: variant.width }),
    ...(variant.height !== undefined && { height: variant.height }),
    fit,
    formats: [...variant.formats],
    quality: integerIn(`${field}.quality`, variant.quality ?? defaults.quality, 1, 100),
    enlarge: variant.enlarge ?? defaults.enlarge,
  };
}

function validateKeyTemplate(field: string, template: string, variants: readonly ResolvedVariant[]): string {
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    if (!templateTokens.has(match[1] ?? '')) {
      throw new ConfigError(field, `has an unknown token {${match[1]}}; known: ${[...templateTokens].map((t) => `{${t}}`).join(' ')}`);
    }
  }
  if (template.startsWith('/') || template.includes('//') || template.includes('..')) {
    throw new ConfigError(field, `must be a relative key without '//' or '..', got ${JSON.stringify(template)}`);
  }
  if (!template.includes('{name}')) throw new ConfigError(field, 'must contain {name} so outputs of different sources differ');
  const distinctByVariant = template.includes('{variant}') || template.includes('{width}') || template.includes('{height}');
  if (variants.length > 1 && !distinctByVariant) {
    throw new ConfigError(field, 'must contain {variant} when there is more than one variant');
  }
  if (variants.some((v) => v.formats.length > 1) && !template.includes('{ext}')) {
    throw new ConfigError(field, 'must contain {ext} when a variant has more than one format');
  }
  return template;
}

/**
 * Resolves a preset name or an explicit spec into what the processing core runs. Limits come from
 * the caller (they depend on the function's memory).
 */
export function resolveProcessingSpec(
  processing: string | ProcessingSpec,
  limits: { maxInputPixels: number; maxInputBytes: number; imageTimeLimitSeconds?: number },
  field = 'processing',
): ResolvedProcessingSpec {
  let spec: ProcessingSpec;
  if (typeof processing === 'string') {
    if (!isPresetName(processing)) {
      throw new ConfigError(field, `names no preset; known presets: ${presetNames.join(', ')}`);
    }
    spec = presets[processing];
  } else {
    spec = processing;
  }
  if (spec.variants.length === 0) throw new ConfigError(`${field}.variants`, 'must hold at least one variant');
  const variants = spec.variants.map((v, i) => resolveVariant(`${field}.variants[${i}]`, v));
  if (new Set(variants.map((v) => v.name)).size !== variants.length) {
    throw new ConfigError(`${field}.variants`, 'must have distinct names');
  }
  return {
    variants,
    keyTemplate: validateKeyTemplate(`${field}.keyTemplate`, spec.keyTemplate ?? defaults.keyTemplate, variants),
    background: matching(`${field}.background`, spec.background ?? defaults.background, colourPattern, 'a #rrggbb colour'),
    keepIccProfile: spec.keepIccProfile ?? defaults.keepIccProfile,
    maxInputPixels: limits.maxInputPixels,
    maxInputBytes: limits.maxInputBytes,
    imageTimeLimitSeconds: limits.imageTimeLimitSeconds ?? imageTimeLimitFor(defaults.processTimeoutSeconds),
  };
}

/** Applies defaults, derives dependent values and validates; throws ConfigError naming the field. */
export function resolvePipelineConfig(config: PipelineConfig): ResolvedPipelineConfig {
  const namePrefix = matching('namePrefix', config.namePrefix, namePattern, '2-24 lowercase letters, digits or dashes, starting with a letter');
  const region = matching('region', config.region ?? defaults.region, /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');
  const architecture = oneOf('architecture', config.architecture ?? defaults.architecture, ['arm64', 'x86_64'] as const);

  const triggerPrefix = config.trigger?.prefix ?? defaults.triggerPrefix;
  matching('trigger.prefix', triggerPrefix, keyPrefixPattern, "empty or folders ending in '/' (e.g. images/)");
  const suffixes = [...(config.trigger?.suffixes ?? defaults.triggerSuffixes)];
  if (suffixes.length === 0) throw new ConfigError('trigger.suffixes', 'must allow at least one suffix');
  suffixes.forEach((s, i) => matching(`trigger.suffixes[${i}]`, s, suffixPattern, "a lowercase extension such as '.jpg'"));
  if (new Set(suffixes).size !== suffixes.length) throw new ConfigError('trigger.suffixes', 'must not repeat a suffix');

  const sameBucketAsUploads = config.output?.sameBucketAsUploads ?? false;
  const outputPrefix = config.output?.prefix ?? defaults.outputPrefix;
  matching('output.prefix', outputPrefix, keyPrefixPattern, "empty or folders ending in '/' (e.g. thumbnails/)");

  const processMemoryMb = integerIn('processFunction.memoryMb', config.processFunction?.memoryMb ?? defaults.processMemoryMb, 128, 10240);
  const processTimeoutSeconds = integerIn('processFunction.timeoutSeconds', config.processFunction?.timeoutSeconds ?? defaults.processTimeoutSeconds, 3, 900);
  const maxConcurrency = integerIn('processFunction.maxConcurrency', config.processFunction?.maxConcurrency ?? defaults.processMaxConcurrency, 2, 1000);

  const batchingWindowSeconds = integerIn('queue.batchingWindowSeconds', config.queue?.batchingWindowSeconds ?? defaults.batchingWindowSeconds, 0, 300);
  const batchSize = integerIn('queue.batchSize', config.queue?.batchSize ?? defaults.batchSize, 1, batchingWindowSeconds > 0 ? 10000 : 10);
  const maxReceiveCount = integerIn('queue.maxReceiveCount', config.queue?.maxReceiveCount ?? defaults.maxReceiveCount, 1, 1000);
  const dlqRetentionDays = integerIn('queue.dlqRetentionDays', config.queue?.dlqRetentionDays ?? defaults.dlqRetentionDays, 1, 14);
  const visibilityTimeoutSeconds = 6 * processTimeoutSeconds + batchingWindowSeconds;
  if (visibilityTimeoutSeconds > 43200) {
    throw new ConfigError('processFunction.timeoutSeconds', `makes the queue visibility timeout ${visibilityTimeoutSeconds}s, above SQS's 43200s`);
  }

  const maxInputPixels = integerIn('maxInputPixels', config.maxInputPixels ?? maxPixelsForMemory(processMemoryMb), 1, defaults.maxInputPixelsCeiling);
  const maxInputBytes = integerIn('maxInputBytes', config.maxInputBytes ?? defaults.maxInputBytes, 1, 5 * 1024 ** 3);
  const presetName = typeof config.processing === 'string' || config.processing === undefined ? (config.processing ?? defaults.processing) : undefined;
  const processing = resolveProcessingSpec(config.processing ?? defaults.processing, {
    maxInputPixels,
    maxInputBytes,
    imageTimeLimitSeconds: imageTimeLimitFor(processTimeoutSeconds),
  });

  if (sameBucketAsUploads) {
    const formats = [...new Set(processing.variants.flatMap((v) => v.formats))];
    if (outputCanMatchTrigger({ prefix: triggerPrefix, suffixes }, { prefix: outputPrefix, keyTemplate: processing.keyTemplate, formats })) {
      throw new ConfigError(
        'output.prefix',
        `${JSON.stringify(outputPrefix)} with key template ${JSON.stringify(processing.keyTemplate)} writes keys that match the trigger (prefix ${JSON.stringify(triggerPrefix)}, suffixes ${suffixes.join(' ')}) in the same bucket: every output would trigger processing again`,
      );
    }
  }

  const maxBytes = config.upload?.maxBytes ?? defaults.uploadMaxBytes;
  if (Number.isInteger(maxBytes) && maxBytes > maxUploadBytesThroughApi) {
    throw new ConfigError(
      'upload.maxBytes',
      `must be at most ${maxUploadBytesThroughApi} bytes, got ${maxBytes}: API Gateway hands the body to Lambda base64-encoded, in an event limited to 6 MB (upload larger files with a presigned S3 URL)`,
    );
  }
  integerIn('upload.maxBytes', maxBytes, 1, maxUploadBytesThroughApi);
  const logRetentionDays = config.logRetentionDays ?? defaults.logRetentionDays;
  if (!(allowedLogRetentionDays as readonly number[]).includes(logRetentionDays)) {
    throw new ConfigError('logRetentionDays', `must be one of ${allowedLogRetentionDays.join(', ')}, got ${logRetentionDays}`);
  }
  if (config.alarmEmail !== undefined) matching('alarmEmail', config.alarmEmail, emailPattern, 'an e-mail address');
  const rateLimit = integerIn('upload.rateLimit', config.upload?.rateLimit ?? defaults.rateLimit, 1, 10000);

  return {
    namePrefix,
    region,
    architecture,
    trigger: { prefix: triggerPrefix, suffixes },
    output: { sameBucketAsUploads, prefix: outputPrefix },
    ...(presetName !== undefined && { presetName }),
    processing,
    processFunction: { memoryMb: processMemoryMb, timeoutSeconds: processTimeoutSeconds, maxConcurrency },
    uploadFunction: {
      memoryMb: integerIn('uploadFunction.memoryMb', config.uploadFunction?.memoryMb ?? defaults.uploadMemoryMb, 128, 10240),
      timeoutSeconds: integerIn('uploadFunction.timeoutSeconds', config.uploadFunction?.timeoutSeconds ?? defaults.uploadTimeoutSeconds, 3, 29),
    },
    queue: {
      batchSize,
      batchingWindowSeconds,
      maxReceiveCount,
      dlqRetentionSeconds: dlqRetentionDays * 86400,
      visibilityTimeoutSeconds,
    },
    upload: {
      maxBytes,
      auth: oneOf('upload.auth', config.upload?.auth ?? defaults.uploadAuth, ['apiKey', 'iam'] as const),
      rateLimit,
      burstLimit: integerIn('upload.burstLimit', config.upload?.burstLimit ?? defaults.burstLimit, 1, 5000),
    },
    buckets: {
      versioning: config.buckets?.versioning ?? defaults.versioning,
      expireUploadsAfterDays: integerIn('buckets.expireUploadsAfterDays', config.buckets?.expireUploadsAfterDays ?? defaults.expireUploadsAfterDays, 0, 36500),
      forceDestroy: config.buckets?.forceDestroy ?? defaults.forceDestroy,
    },
    logRetentionDays,
    ...(config.alarmEmail !== undefined && { alarmEmail: config.alarmEmail }),
  };
}
