import { z } from 'zod';
import { integer, numberIn, oneOf, text } from './fields.js';
import { allowedLogRetentionDays, maxInputPixelsCeiling, maxUploadBytesThroughApi } from './limits.js';
import { processingSchema } from './processing-schema.js';
import { keyPrefix, triggerSchema } from './trigger-schema.js';
import { afterSchema } from './after-schema.js';

export { defaultTriggerSuffixes } from './trigger-schema.js';

/**
 * The pipeline configuration: its fields, their defaults and their rules, in one schema. The types
 * (config/types.ts), the defaults (config/defaults.ts) and the validation at synth
 * (config/resolve.ts) all come from here. Every object refuses fields it does not declare, so a
 * misspelled field fails synthesis instead of being ignored.
 */

export const pipelineConfigSchema = z.strictObject({
  /** Prefix of every resource name: 2-24 lowercase letters, digits and dashes, starting with a letter. */
  namePrefix: text(/^[a-z][a-z0-9-]{1,23}$/, '2-24 lowercase letters, digits or dashes, starting with a letter'),
  /** AWS region. @default 'eu-west-1' */
  region: text(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1').default('eu-west-1'),
  /** Lambda architecture of both functions; the zips carry sharp's binaries for it. @default 'arm64' */
  architecture: oneOf(['arm64', 'x86_64']).default('arm64'),
  /**
   * How an upload reaches the process function: `via: 'queue'` (S3 -> SQS -> Lambda, the default),
   * `'direct'` (S3 invokes Lambda) or `'eventbridge'` (S3 -> EventBridge -> Step Functions), with
   * the key filter and the options of that path (config/trigger-schema.ts).
   */
  trigger: triggerSchema.prefault({}),
  output: z
    .strictObject({
      /**
       * Write outputs to the uploads bucket instead of a dedicated outputs bucket. Only allowed when
       * the prefix cannot match the trigger (synthesis fails otherwise). @default false
       */
      sameBucketAsUploads: z.boolean().default(false),
      /** Key prefix for all outputs. @default '' (dedicated bucket) */
      prefix: keyPrefix('thumbnails/').default(''),
    })
    .prefault({}),
  /**
   * Steps after an image's outputs are stored, each off unless set: `metadata` (a record per image,
   * JSON object or DynamoDB item), `archive` (a zip of the original), `webhooks` (signed POSTs to
   * subscribers through a notify queue). See config/after-schema.ts.
   */
  after: afterSchema,
  /** A preset name (see config/presets.ts) or an explicit processing spec. @default 'default' */
  processing: processingSchema.default('default'),
  processFunction: z
    .strictObject({
      /** 128-10240. @default 1536 (sharp is CPU-bound; Lambda CPU scales with memory) */
      memoryMb: integer(128, 10240).default(1536),
      /** 3-900. @default 60 */
      timeoutSeconds: integer(3, 900).default(60),
      /**
       * Cap on concurrent invocations (2-1000): the queue mapping's maximum concurrency with
       * `via: 'queue'`, the function's reserved concurrency with the other triggers. @default 10
       */
      maxConcurrency: integer(2, 1000).default(10),
    })
    .prefault({}),
  uploadFunction: z
    .strictObject({
      /** 128-10240. @default 256 */
      memoryMb: integer(128, 10240).default(256),
      /** 3-29 (API Gateway's integration timeout). @default 10 */
      timeoutSeconds: integer(3, 29).default(10),
      /**
       * Concurrency reserved for (and capping) the upload function (1-1000).
       * @default `upload.burstLimit`: the most requests the stage lets through at once
       */
      reservedConcurrency: integer(1, 1000).optional(),
    })
    .prefault({}),
  deadLetterQueue: z
    .strictObject({
      /** Days the dead-letter queue keeps what failed (1-14), whatever the trigger. @default 14 */
      retentionDays: integer(1, 14).default(14),
    })
    .prefault({}),
  upload: z
    .strictObject({
      /**
       * Largest accepted upload in bytes. At most about 4.48 MiB: API Gateway passes the body to the
       * function base64-encoded, in an event limited to Lambda's 6 MB. @default 4 MiB
       */
      maxBytes: integer(
        1,
        maxUploadBytesThroughApi,
        'API Gateway hands the body to Lambda base64-encoded, in an event limited to 6 MB (upload larger files with a presigned S3 URL)',
      ).default(4 * 1024 * 1024),
      /** Who may call the upload API: `apiKey` (key + usage plan) or `iam` (SigV4). @default 'apiKey' */
      auth: oneOf(['apiKey', 'iam']).default('apiKey'),
      /** Stage throttling, requests per second (1-10000). @default 20 */
      rateLimit: integer(1, 10000).default(20),
      /** Stage throttling burst (1-5000). @default 40 */
      burstLimit: integer(1, 5000).default(40),
      /**
       * Stage execution logging (level INFO, no request data) and JSON access logs in a log group.
       * API Gateway writes them with the account's CloudWatch role: set `accountLoggingRole` in one
       * stack of the account, or set the role yourself. @default false (prod: true)
       */
      logging: z.boolean().default(false),
      /**
       * Create the account-level API Gateway CloudWatch role (`aws_api_gateway_account`, one per
       * account and region: only one stack of the account may own it). @default false
       */
      accountLoggingRole: z.boolean().default(false),
      /** ARN of a regional WAFv2 web ACL associated with the stage. @default none */
      wafWebAclArn: text(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/, 'a regional WAFv2 web ACL ARN').optional(),
    })
    .prefault({}),
  /**
   * Largest decoded image accepted, in pixels, checked from the header before decoding.
   * @default the process function's memory divided by 24 bytes per pixel, at most 268 megapixels
   */
  maxInputPixels: integer(1, maxInputPixelsCeiling).optional(),
  /** Largest source object the process function will read, in bytes (at most 5 GiB). @default 32 MiB */
  maxInputBytes: integer(1, 5 * 1024 ** 3).default(32 * 1024 * 1024),
  buckets: z
    .strictObject({
      /** Versioning on both buckets. @default false */
      versioning: z.boolean().default(false),
      /** Expire uploaded originals after this many days; 0 keeps them. @default 0 */
      expireUploadsAfterDays: integer(0, 36500).default(0),
      /** Let `terraform destroy` delete non-empty buckets. @default false */
      forceDestroy: z.boolean().default(false),
      /** S3 server access logs of both buckets, into a `-access-logs-` bucket (SSE-S3, expiring). @default false (prod: true) */
      accessLogs: z.boolean().default(false),
    })
    .prefault({}),
  /** CloudWatch log retention in days, one of the values CloudWatch accepts. @default 30 */
  logRetentionDays: numberIn(allowedLogRetentionDays).default(30),
  /** X-Ray tracing of both functions, the API stage and the state machine. @default false (prod: true) */
  tracing: z.boolean().default(false),
  /**
   * One customer-managed KMS key (rotation on, a key policy naming the services and roles that use
   * it) for the buckets, the queues, the log groups and the functions' environment. @default false (prod: true)
   */
  kms: z.boolean().default(false),
  /**
   * Terraform state in S3 instead of the local file (AWS stacks only). `key` must contain `{stack}`,
   * replaced by the stack's id, so dev and prod never share a state. @default local state
   */
  stateBackend: z
    .strictObject({
      bucket: text(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
      /** @default '{stack}.tfstate' */
      key: text(/\{stack\}/, 'a key containing {stack}').default('{stack}.tfstate'),
      /** @default the pipeline's `region` */
      region: text(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1').optional(),
      /** S3-native state locking (terraform 1.10 or later). @default true */
      useLockfile: z.boolean().default(true),
    })
    .optional(),
  /** E-mail address subscribed to the alarm topic; no subscription when unset. */
  alarmEmail: text(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address').optional(),
});

/** The configuration once parsed: every default applied, nothing derived yet. */
export type ParsedPipelineConfig = z.output<typeof pipelineConfigSchema>;
