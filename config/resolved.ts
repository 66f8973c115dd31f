import type { WebhookEvent } from './after-schema.js';
import type { Architecture, Fit, OutputFormat, UploadAuth } from './types.js';

export interface ResolvedVariant {
  readonly name: string;
  readonly width?: number;
  readonly height?: number;
  readonly fit: Fit;
  readonly formats: readonly OutputFormat[];
  readonly quality: number;
  readonly enlarge: boolean;
}

/** Everything the processing core needs, defaults applied. Serialised into the function environment. */
export interface ResolvedProcessingSpec {
  readonly variants: readonly ResolvedVariant[];
  readonly keyTemplate: string;
  readonly background: string;
  readonly keepIccProfile: boolean;
  readonly maxInputPixels: number;
  readonly maxInputBytes: number;
  /**
   * Seconds one image may take in the processing core; running past it means the image is too
   * costly to decode (dead-lettered, never retried). Derived: half the process function's timeout.
   */
  readonly imageTimeLimitSeconds: number;
}

/** The key filter every trigger applies: objects created under `prefix` ending in one of `suffixes`. */
export interface TriggerFilter {
  readonly prefix: string;
  readonly suffixes: readonly string[];
}

/** S3 -> SQS (+ DLQ) -> event source mapping -> process function. */
export interface QueueTrigger extends TriggerFilter {
  readonly via: 'queue';
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  readonly maxReceiveCount: number;
  /** Derived: six times the function timeout plus the batching window (AWS guidance). */
  readonly visibilityTimeoutSeconds: number;
}

/** S3 invokes the process function asynchronously; failures end at the DLQ (Lambda's on-failure destination). */
export interface DirectTrigger extends TriggerFilter {
  readonly via: 'direct';
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
}

/** S3 -> EventBridge rule -> Step Functions state machine whose Task invokes the process function. */
export interface EventBridgeTrigger extends TriggerFilter {
  readonly via: 'eventbridge';
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
  readonly taskRetries: number;
  /** Derived: the process function's timeout plus a margin, so that Lambda's own timeout error is what the Task sees. */
  readonly taskTimeoutSeconds: number;
  readonly executionsApi: boolean;
}

export type ResolvedTrigger = QueueTrigger | DirectTrigger | EventBridgeTrigger;

/** A metadata record per processed image: a JSON object under `prefix` in the outputs bucket, or a DynamoDB item. */
export type ResolvedMetadataStep = { readonly store: 'object'; readonly prefix: string } | { readonly store: 'table' };

/** A zip of each source whose key ends in one of `suffixes`, under `prefix` in the outputs bucket. */
export interface ResolvedArchiveStep {
  readonly prefix: string;
  readonly suffixes: readonly string[];
  readonly keepFolders: boolean;
}

export interface ResolvedWebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
}

/** One notify message per image and subscription -> notify queue (+ DLQ) -> notify function -> signed POST. */
export interface ResolvedWebhooksStep {
  readonly subscriptions: readonly ResolvedWebhookSubscription[];
  readonly timeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly secretCacheSeconds: number;
  /** Derived: the webhook timeout plus 10 s. */
  readonly functionTimeoutSeconds: number;
  /** Derived: six times the notify function's timeout (AWS guidance for Lambda consumers). */
  readonly visibilityTimeoutSeconds: number;
}

/** What runs after the outputs are stored, in this order: archive, metadata (its presence means complete), webhooks. */
export interface ResolvedAfterSteps {
  readonly metadata?: ResolvedMetadataStep;
  readonly archive?: ResolvedArchiveStep;
  readonly webhooks?: ResolvedWebhooksStep;
}

/** The pipeline configuration with every default applied and derived values computed. */
export interface ResolvedPipelineConfig {
  readonly namePrefix: string;
  readonly region: string;
  readonly architecture: Architecture;
  readonly trigger: ResolvedTrigger;
  readonly output: { readonly sameBucketAsUploads: boolean; readonly prefix: string };
  readonly presetName?: string;
  readonly processing: ResolvedProcessingSpec;
  readonly after: ResolvedAfterSteps;
  readonly processFunction: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly maxConcurrency: number;
  };
  readonly uploadFunction: { readonly memoryMb: number; readonly timeoutSeconds: number; readonly reservedConcurrency: number };
  /** The dead-letter queue every trigger ends its failures in. */
  readonly deadLetterQueue: { readonly retentionSeconds: number };
  readonly upload: {
    readonly maxBytes: number;
    readonly auth: UploadAuth;
    readonly rateLimit: number;
    readonly burstLimit: number;
    readonly logging: boolean;
    readonly accountLoggingRole: boolean;
    readonly wafWebAclArn?: string;
  };
  readonly buckets: {
    readonly versioning: boolean;
    readonly expireUploadsAfterDays: number;
    readonly forceDestroy: boolean;
    readonly accessLogs: boolean;
  };
  readonly logRetentionDays: number;
  readonly tracing: boolean;
  readonly kms: boolean;
  /** Terraform state in S3; `key` still holds `{stack}`. */
  readonly stateBackend?: { readonly bucket: string; readonly key: string; readonly region: string; readonly useLockfile: boolean };
  readonly alarmEmail?: string;
}
