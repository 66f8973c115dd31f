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

/** The pipeline configuration with every default applied and derived values computed. */
export interface ResolvedPipelineConfig {
  readonly namePrefix: string;
  readonly region: string;
  readonly architecture: Architecture;
  readonly trigger: { readonly prefix: string; readonly suffixes: readonly string[] };
  readonly output: { readonly sameBucketAsUploads: boolean; readonly prefix: string };
  readonly presetName?: string;
  readonly processing: ResolvedProcessingSpec;
  readonly processFunction: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly maxConcurrency: number;
  };
  readonly uploadFunction: { readonly memoryMb: number; readonly timeoutSeconds: number };
  readonly queue: {
    readonly batchSize: number;
    readonly batchingWindowSeconds: number;
    readonly maxReceiveCount: number;
    readonly dlqRetentionSeconds: number;
    /** Derived: six times the function timeout plus the batching window (AWS guidance). */
    readonly visibilityTimeoutSeconds: number;
  };
  readonly upload: {
    readonly maxBytes: number;
    readonly auth: UploadAuth;
    readonly rateLimit: number;
    readonly burstLimit: number;
  };
  readonly buckets: {
    readonly versioning: boolean;
    readonly expireUploadsAfterDays: number;
    readonly forceDestroy: boolean;
  };
  readonly logRetentionDays: number;
  readonly alarmEmail?: string;
}
