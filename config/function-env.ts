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
  metadataStore: 'METADATA_STORE',
  metadataPrefix: 'METADATA_PREFIX',
  metadataTable: 'METADATA_TABLE',
  archivePrefix: 'ARCHIVE_PREFIX',
  archiveSuffixes: 'ARCHIVE_SUFFIXES',
  archiveKeepFolders: 'ARCHIVE_KEEP_FOLDERS',
  notifyQueueUrl: 'NOTIFY_QUEUE_URL',
  notifySubscriptionIds: 'NOTIFY_SUBSCRIPTION_IDS',
  webhookSubscriptions: 'WEBHOOK_SUBSCRIPTIONS',
  webhookTimeoutMs: 'WEBHOOK_TIMEOUT_MS',
  webhookSecretCacheSeconds: 'WEBHOOK_SECRET_CACHE_SECONDS',
  notifyDeadLetterQueueUrl: 'NOTIFY_DEAD_LETTER_QUEUE_URL',
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
  /** The after-processing steps the function runs once an image's outputs are written. */
  readonly after?: ProcessAfterEnv;
}

/** Where the process function's after-processing steps write; each absent when off. */
export interface ProcessAfterEnv {
  /** `object`: `<prefix><source key under the trigger prefix>.json` in the output bucket; `table`: an item in `tableName`. */
  readonly metadata?: { readonly store: 'object'; readonly prefix: string } | { readonly store: 'table'; readonly tableName: string };
  /** A zip of each source ending in one of `suffixes`, under `prefix` in the output bucket. */
  readonly archive?: { readonly prefix: string; readonly suffixes: readonly string[]; readonly keepFolders: boolean };
  /** One message per subscription (to `image.processed`) on the notify queue. */
  readonly notify?: { readonly queueUrl: string; readonly subscriptionIds: readonly string[] };
}

/** One webhook subscription as the notify function reads it. */
export interface NotifySubscriptionEnv {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  /** Name of the SecureString parameter holding `{"token": "...", "signingSecret": "whsec_..."}`. */
  readonly secretParameter: string;
}

export interface NotifyFunctionEnv {
  readonly subscriptions: readonly NotifySubscriptionEnv[];
  /** Milliseconds each POST may take. */
  readonly timeoutMs: number;
  /** Seconds a secret is cached (Powertools Parameters' maxAge). */
  readonly secretCacheSeconds: number;
  /** Where a delivery no retry can fix (a 4xx other than 408/429, a redirect) goes at once, with its reason. */
  readonly deadLetterQueueUrl: string;
}

/** The SecureString parameter of a subscription's secrets: `/<namePrefix>-<stage>/webhooks/<id>`. */
export function webhookSecretParameterName(name: string, subscriptionId: string): string {
  return `/${name}/webhooks/${subscriptionId}`;
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
    ...afterStepsEnvironment(env.after),
    [envNames.serviceName]: serviceName,
    [envNames.logLevel]: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
    // glibc's per-thread malloc arenas grow libvips' peak RSS by about 40% on photos (measured by the bench).
    MALLOC_ARENA_MAX: '2',
  };
}

function afterStepsEnvironment(after: ProcessAfterEnv | undefined): Record<string, string> {
  const { metadata, archive, notify } = after ?? {};
  return {
    ...(metadata?.store === 'object' && { [envNames.metadataStore]: 'object', [envNames.metadataPrefix]: metadata.prefix }),
    ...(metadata?.store === 'table' && { [envNames.metadataStore]: 'table', [envNames.metadataTable]: metadata.tableName }),
    ...(archive !== undefined && {
      [envNames.archivePrefix]: archive.prefix,
      [envNames.archiveSuffixes]: archive.suffixes.join(','),
      [envNames.archiveKeepFolders]: String(archive.keepFolders),
    }),
    ...(notify !== undefined && { [envNames.notifyQueueUrl]: notify.queueUrl, [envNames.notifySubscriptionIds]: notify.subscriptionIds.join(',') }),
  };
}

export function notifyFunctionEnvironment(env: NotifyFunctionEnv, serviceName: string): Record<string, string> {
  return {
    [envNames.webhookSubscriptions]: JSON.stringify(env.subscriptions),
    [envNames.webhookTimeoutMs]: String(env.timeoutMs),
    [envNames.webhookSecretCacheSeconds]: String(env.secretCacheSeconds),
    [envNames.notifyDeadLetterQueueUrl]: env.deadLetterQueueUrl,
    [envNames.serviceName]: serviceName,
    [envNames.logLevel]: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
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
  const after = readAfterStepsEnv(env);
  return {
    outputBucket: required(env, envNames.outputBucket),
    outputPrefix: env[envNames.outputPrefix] ?? '',
    triggerPrefix: env[envNames.triggerPrefix] ?? '',
    processing: JSON.parse(required(env, envNames.processingSpec)) as ResolvedProcessingSpec,
    ...(deadLetterQueueUrl !== undefined && deadLetterQueueUrl !== '' && { deadLetterQueueUrl }),
    ...(after !== undefined && { after }),
  };
}

function readAfterStepsEnv(env: NodeJS.ProcessEnv): ProcessAfterEnv | undefined {
  const store = env[envNames.metadataStore];
  if (store !== undefined && store !== 'object' && store !== 'table') {
    throw new Error(`Environment variable ${envNames.metadataStore} must be object or table, got ${JSON.stringify(store)}`);
  }
  const metadata: ProcessAfterEnv['metadata'] =
    store === 'object'
      ? { store, prefix: env[envNames.metadataPrefix] ?? '' }
      : store === 'table'
        ? { store, tableName: required(env, envNames.metadataTable) }
        : undefined;
  const archivePrefix = env[envNames.archivePrefix];
  const archive: ProcessAfterEnv['archive'] =
    archivePrefix === undefined
      ? undefined
      : { prefix: archivePrefix, suffixes: required(env, envNames.archiveSuffixes).split(','), keepFolders: env[envNames.archiveKeepFolders] !== 'false' };
  const queueUrl = env[envNames.notifyQueueUrl];
  const notify: ProcessAfterEnv['notify'] =
    queueUrl === undefined || queueUrl === '' ? undefined : { queueUrl, subscriptionIds: required(env, envNames.notifySubscriptionIds).split(',') };
  if (metadata === undefined && archive === undefined && notify === undefined) return undefined;
  return { ...(metadata !== undefined && { metadata }), ...(archive !== undefined && { archive }), ...(notify !== undefined && { notify }) };
}

export function readNotifyFunctionEnv(env: NodeJS.ProcessEnv = process.env): NotifyFunctionEnv {
  return {
    subscriptions: JSON.parse(required(env, envNames.webhookSubscriptions)) as NotifySubscriptionEnv[],
    timeoutMs: Number(required(env, envNames.webhookTimeoutMs)),
    secretCacheSeconds: Number(env[envNames.webhookSecretCacheSeconds] ?? '300'),
    deadLetterQueueUrl: required(env, envNames.notifyDeadLetterQueueUrl),
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
