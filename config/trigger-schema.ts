import { z } from 'zod';
import { integer, text } from './fields.js';
import { mediaTypeOfSuffix } from './formats.js';
import { show } from './issues.js';

/**
 * How an upload reaches the process function: `trigger.via` chooses the path, and each path takes
 * only its own options. An option of another path (a queue's `batchSize` with `via: 'direct'`)
 * fails synthesis naming the field and the path it belongs to.
 */

const lowerCaseImageSuffixes = Object.keys(mediaTypeOfSuffix);

/**
 * The image suffixes and their upper-case forms: cameras write `IMG_0001.JPG`, and S3's suffix
 * filters are case-sensitive, so `.jpg` alone never sees such a file.
 */
export const defaultTriggerSuffixes = [...lowerCaseImageSuffixes, ...lowerCaseImageSuffixes.map((suffix) => suffix.toUpperCase())];

export const keyPrefix = (example: string) => text(/^([A-Za-z0-9!_.*'()-]+\/)*$/, `empty or folders ending in '/' (e.g. ${example})`);

const triggerSuffixes = z
  .array(text(/^\.[A-Za-z0-9]{1,10}$/, "an extension such as '.jpg' or '.JPG'"))
  .min(1, 'must allow at least one suffix')
  .superRefine((suffixes, ctx) => {
    suffixes.forEach((suffix, i) => {
      if (suffixes.indexOf(suffix) !== i) {
        ctx.addIssue({ code: 'custom', path: [i], message: `repeats ${show(suffix)}; each suffix once`, input: suffix });
      }
      // The upload API writes lower-case extensions; without the lower-case form its keys would never trigger.
      const lower = suffix.toLowerCase();
      if (lower !== suffix && !suffixes.includes(lower)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `needs its lower-case form ${show(lower)} in the list as well (the upload API writes lower-case extensions), got ${show(suffix)} alone`,
          input: suffix,
        });
      }
    });
  });

/** What every path filters on: the key prefix and suffixes of the uploads bucket that start processing. */
const filter = {
  /** Key prefix in the uploads bucket that triggers processing. @default 'images/' */
  prefix: keyPrefix('images/').default('images/'),
  /**
   * Key suffixes that trigger processing (S3 and EventBridge compare them case-sensitively); an
   * upper-case suffix needs its lower-case form too.
   * @default ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'] and their upper-case forms
   */
  suffixes: triggerSuffixes.default(defaultTriggerSuffixes),
};

/** S3 -> SQS (+ DLQ) -> event source mapping -> process function. */
const queueTrigger = z
  .strictObject({
    via: z.literal('queue'),
    ...filter,
    /** Messages per invocation (1-10 without a batching window, up to 10000 with). @default 5 */
    batchSize: integer(1, 10000).default(5),
    /** Maximum batching window in seconds (0-300). @default 0 */
    batchingWindowSeconds: integer(0, 300).default(0),
    /** Deliveries before a message moves to the dead-letter queue (1-1000). @default 3 */
    maxReceiveCount: integer(1, 1000).default(3),
  })
  .superRefine((queue, ctx) => {
    // Lambda's rule for SQS event sources: more than 10 messages per batch needs a batching window.
    if (queue.batchingWindowSeconds === 0 && queue.batchSize > 10) {
      ctx.addIssue({
        code: 'custom',
        path: ['batchSize'],
        message: `must be an integer from 1 to 10 without a batching window (trigger.batchingWindowSeconds), got ${queue.batchSize}`,
        input: queue.batchSize,
      });
    }
  });

/** S3 invokes the process function asynchronously; Lambda retries, then its on-failure destination is the DLQ. */
const directTrigger = z.strictObject({
  via: z.literal('direct'),
  ...filter,
  /** Lambda's retries of a failed asynchronous invocation (0-2). @default 2 */
  retryAttempts: integer(0, 2).default(2),
  /** Oldest event Lambda still runs, in seconds (60-21600); older ones go to the DLQ. @default 21600 */
  maxEventAgeSeconds: integer(60, 21600).default(21600),
});

/** S3 -> EventBridge rule -> Step Functions (Task invoking the process function -> Choice on `ok`). */
const eventBridgeTrigger = z.strictObject({
  via: z.literal('eventbridge'),
  ...filter,
  /** Retries of the rule's target when StartExecution fails (0-185). @default 185 */
  retryAttempts: integer(0, 185).default(185),
  /** Oldest event the rule still delivers, in seconds (60-86400); older ones go to the DLQ. @default 86400 */
  maxEventAgeSeconds: integer(60, 86400).default(86400),
  /** Attempts of the Task on transient Lambda errors, after the first (0-10). @default 3 */
  taskRetries: integer(0, 10).default(3),
  /** `POST /executions` on the upload API, starting an execution for a key already in the bucket. @default true */
  executionsApi: z.boolean().default(true),
});

const triggers = { queue: queueTrigger, direct: directTrigger, eventbridge: eventBridgeTrigger } as const;
export const triggerPaths = ['queue', 'direct', 'eventbridge'] as const;
export type TriggerVia = (typeof triggerPaths)[number];

const ownOptions = (via: TriggerVia): string[] => Object.keys(triggers[via].shape);

/**
 * The trigger, `via: 'queue'` when not given. An option of another path is reported with the path
 * it belongs to (and dropped, so that it is not reported twice as an unknown field).
 */
export const triggerSchema = z.preprocess(
  (input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const trigger: Record<string, unknown> = { via: 'queue', ...input };
    const via = trigger.via;
    if (!triggerPaths.includes(via as TriggerVia)) return trigger;
    const own = new Set(ownOptions(via as TriggerVia));
    for (const other of triggerPaths) {
      for (const option of ownOptions(other)) {
        if (own.has(option) || !(option in trigger)) continue;
        const belongsTo = triggerPaths.filter((path) => ownOptions(path).includes(option)).map((path) => show(path));
        ctx.addIssue({
          code: 'custom',
          path: [option],
          message: `belongs to trigger.via ${belongsTo.join(' or ')}, not ${show(via)} (got ${show(trigger[option])})`,
          input: trigger[option],
        });
        delete trigger[option];
      }
    }
    return trigger;
  },
  z.discriminatedUnion('via', [queueTrigger, directTrigger, eventBridgeTrigger], {
    error: (issue) => `must be one of ${triggerPaths.join(', ')}, got ${show((issue.input as { via?: unknown } | undefined)?.via)}`,
  }),
);

/** The trigger as written: `via` may be left out for the queue. */
export type TriggerInput =
  | (Omit<z.input<typeof queueTrigger>, 'via'> & { readonly via?: 'queue' })
  | z.input<typeof directTrigger>
  | z.input<typeof eventBridgeTrigger>;

export type ParsedTrigger = z.output<typeof eventBridgeTrigger> | z.output<typeof directTrigger> | z.output<typeof queueTrigger>;
