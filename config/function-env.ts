import type { ResolvedProcessingSpec } from './resolved.js';

/**
 * The environment contract between the Terraform (which sets these on each function) and the
 * handlers (which read them). Bucket names are Terraform references at synth time.
 */
export const envNames = {
  outputBucket: 'OUTPUT_BUCKET',
  outputPrefix: 'OUTPUT_PREFIX',
  uploadsBucket: 'UPLOADS_BUCKET',
  triggerPrefix: 'TRIGGER_PREFIX',
  allowedSuffixes: 'ALLOWED_SUFFIXES',
  processingSpec: 'PROCESSING_SPEC',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  maxUploadBytes: 'MAX_UPLOAD_BYTES',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

export interface ProcessFunctionEnv {
  readonly outputBucket: string;
  readonly outputPrefix: string;
  readonly triggerPrefix: string;
  readonly processing: ResolvedProcessingSpec;
  /**
   * Where the function moves a queue message that no retry can fix (a bad image), with the reason
   * as message attributes. Unset: such messages go through the queue's redrive like any failure.
   */
  readonly deadLetterQueueUrl?: string;
}

export interface UploadFunctionEnv {
  readonly uploadsBucket: string;
  readonly triggerPrefix: string;
  readonly allowedSuffixes: readonly string[];
  readonly maxUploadBytes: number;
  readonly outputPrefix: string;
  readonly processing: ResolvedProcessingSpec;
}

export function processFunctionEnvironment(env: ProcessFunctionEnv, serviceName: string): Record<string, string> {
  return {
    [envNames.outputBucket]: env.outputBucket,
    [envNames.outputPrefix]: env.outputPrefix,
    [envNames.triggerPrefix]: env.triggerPrefix,
    [envNames.processingSpec]: JSON.stringify(env.processing),
    ...(env.deadLetterQueueUrl !== undefined && { [envNames.deadLetterQueueUrl]: env.deadLetterQueueUrl }),
    [envNames.serviceName]: serviceName,
    [envNames.logLevel]: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
    // glibc's per-thread malloc arenas grow libvips' peak RSS by about 40% on photos (measured by the bench).
    MALLOC_ARENA_MAX: '2',
  };
}

export function uploadFunctionEnvironment(env: UploadFunctionEnv, serviceName: string): Record<string, string> {
  return {
    [envNames.uploadsBucket]: env.uploadsBucket,
    [envNames.triggerPrefix]: env.triggerPrefix,
    [envNames.allowedSuffixes]: env.allowedSuffixes.join(','),
    [envNames.maxUploadBytes]: String(env.maxUploadBytes),
    [envNames.outputPrefix]: env.outputPrefix,
    [envNames.processingSpec]: JSON.stringify(env.processing),
    [envNames.serviceName]: serviceName,
    [envNames.logLevel]: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export function readProcessFunctionEnv(env: NodeJS.ProcessEnv = process.env): ProcessFunctionEnv {
  const deadLetterQueueUrl = env[envNames.deadLetterQueueUrl];
  return {
    outputBucket: required(env, envNames.outputBucket),
    outputPrefix: env[envNames.outputPrefix] ?? '',
    triggerPrefix: env[envNames.triggerPrefix] ?? '',
    processing: JSON.parse(required(env, envNames.processingSpec)) as ResolvedProcessingSpec,
    ...(deadLetterQueueUrl !== undefined && deadLetterQueueUrl !== '' && { deadLetterQueueUrl }),
  };
}

export function readUploadFunctionEnv(env: NodeJS.ProcessEnv = process.env): UploadFunctionEnv {
  return {
    uploadsBucket: required(env, envNames.uploadsBucket),
    triggerPrefix: env[envNames.triggerPrefix] ?? '',
    allowedSuffixes: required(env, envNames.allowedSuffixes).split(','),
    maxUploadBytes: Number(required(env, envNames.maxUploadBytes)),
    outputPrefix: env[envNames.outputPrefix] ?? '',
    processing: JSON.parse(required(env, envNames.processingSpec)) as ResolvedProcessingSpec,
  };
}
