/** The typed pipeline configuration: the single source of truth for stacks, functions and the local kit. */

export type Architecture = 'arm64' | 'x86_64';
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif';
export type Fit = 'inside' | 'cover';
export type UploadAuth = 'apiKey' | 'iam';

/** One output size, written in each of its formats. */
export interface VariantSpec {
  /** Short name used in output keys, e.g. `thumb`. Lowercase letters, digits and dashes. */
  readonly name: string;
  /** Target width in pixels. At least one of width and height. */
  readonly width?: number;
  /** Target height in pixels. */
  readonly height?: number;
  /** @default 'inside' */
  readonly fit?: Fit;
  /** Output formats, one object each. */
  readonly formats: readonly OutputFormat[];
  /** Encoder quality 1-100 for JPEG, WebP and AVIF. @default 82 */
  readonly quality?: number;
  /** Allow upscaling inputs smaller than the target. @default false */
  readonly enlarge?: boolean;
}

/** How the processing core turns one source image into its outputs. */
export interface ProcessingSpec {
  readonly variants: readonly VariantSpec[];
  /**
   * Output key template, relative to the output prefix. Tokens: `{dir}` (the source key's folders
   * below the trigger prefix, with a trailing slash, or empty), `{name}` (base name without
   * extension), `{variant}`, `{width}`, `{height}` (the variant's box), `{ext}` (of the format).
   * @default '{dir}{name}/{variant}.{ext}'
   */
  readonly keyTemplate?: string;
  /** Background that transparency is flattened onto for formats without alpha. @default '#ffffff' */
  readonly background?: string;
  /** Keep (and embed) an ICC profile in outputs instead of stripping all metadata. @default false */
  readonly keepIccProfile?: boolean;
}

export interface PipelineConfig {
  /** Prefix of every resource name; lowercase letters, digits and dashes. */
  readonly namePrefix: string;
  /** AWS region. @default 'eu-west-1' */
  readonly region?: string;
  /** Lambda architecture of both functions. @default 'arm64' */
  readonly architecture?: Architecture;
  readonly trigger?: {
    /** Key prefix in the uploads bucket that triggers processing. @default 'images/' */
    readonly prefix?: string;
    /** Allowed (lowercase) key suffixes, one notification filter each. @default ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'] */
    readonly suffixes?: readonly string[];
  };
  readonly output?: {
    /**
     * Write outputs to the uploads bucket instead of a dedicated outputs bucket. Only allowed when
     * the prefix cannot match the trigger (synthesis fails otherwise). @default false
     */
    readonly sameBucketAsUploads?: boolean;
    /** Key prefix for all outputs. @default '' (dedicated bucket) */
    readonly prefix?: string;
  };
  /** A preset name (see config/presets.ts) or an explicit processing spec. @default 'default' */
  readonly processing?: string | ProcessingSpec;
  readonly processFunction?: {
    /** @default 1536 (sharp is CPU-bound; Lambda CPU scales with memory) */
    readonly memoryMb?: number;
    /** @default 60 */
    readonly timeoutSeconds?: number;
    /** Cap on concurrent invocations from the queue (2-1000). @default 10 */
    readonly maxConcurrency?: number;
  };
  readonly uploadFunction?: {
    /** @default 256 */
    readonly memoryMb?: number;
    /** @default 10 */
    readonly timeoutSeconds?: number;
  };
  readonly queue?: {
    /** Messages per invocation (1-10 without a batching window, up to 10000 with). @default 5 */
    readonly batchSize?: number;
    /** Maximum batching window in seconds (0-300). @default 0 */
    readonly batchingWindowSeconds?: number;
    /** Deliveries before a message moves to the dead-letter queue. @default 3 */
    readonly maxReceiveCount?: number;
    /** Dead-letter queue message retention in days (1-14). @default 14 */
    readonly dlqRetentionDays?: number;
  };
  readonly upload?: {
    /**
     * Largest accepted upload in bytes. At most about 4.48 MiB: API Gateway passes the body to the
     * function base64-encoded, in an event limited to Lambda's 6 MB. @default 4 MiB
     */
    readonly maxBytes?: number;
    /** Who may call the upload API. @default 'apiKey' */
    readonly auth?: UploadAuth;
    /** Stage throttling, requests per second. @default 20 */
    readonly rateLimit?: number;
    /** Stage throttling burst. @default 40 */
    readonly burstLimit?: number;
  };
  /**
   * Largest decoded image accepted, in pixels, checked from the header before decoding.
   * @default the process function's memory divided by 24 bytes per pixel, at most 268 megapixels
   */
  readonly maxInputPixels?: number;
  /** Largest source object the process function will read, in bytes. @default 32 MiB */
  readonly maxInputBytes?: number;
  readonly buckets?: {
    /** Versioning on both buckets. @default false */
    readonly versioning?: boolean;
    /** Expire uploaded originals after this many days; 0 keeps them. @default 0 */
    readonly expireUploadsAfterDays?: number;
    /** Let `terraform destroy` delete non-empty buckets. @default false */
    readonly forceDestroy?: boolean;
  };
  /** CloudWatch log retention in days. @default 30 */
  readonly logRetentionDays?: number;
  /** E-mail address subscribed to the alarm topic; no subscription when unset. */
  readonly alarmEmail?: string;
}
