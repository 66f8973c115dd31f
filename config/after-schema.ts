import { z } from 'zod';
import { hasRepeats, integer, oneOf, text } from './fields.js';
import { show } from './issues.js';
import { keyPrefix } from './trigger-schema.js';

/**
 * What runs after an image's outputs are stored (`after: { metadata, archive, webhooks }`), each
 * off unless configured. `metadata: true` and `archive: true` turn a step on with its defaults.
 */

/** `true` is shorthand for the step with its defaults; `false` leaves it off. */
const toggle = <S extends z.ZodType>(step: S) => z.preprocess((value) => (value === true ? {} : value === false ? undefined : value), step.optional());

const metadataStep = z.strictObject({
  /**
   * `object`: one JSON object per image under `prefix` in the outputs bucket. `table`: one item per
   * image in a DynamoDB table (on demand, point-in-time recovery, encrypted), keyed on the source
   * key and ETag, for those who want to query them. @default 'object'
   */
  store: oneOf(['object', 'table']).default('object'),
  /** Key prefix of the records in the outputs bucket (store `object`). @default 'metadata/' */
  prefix: keyPrefix('metadata/').default('metadata/'),
});

const archiveStep = z.strictObject({
  /** Key prefix of the archives in the outputs bucket. @default 'zip/' */
  prefix: keyPrefix('zip/').default('zip/'),
  /** Source suffixes that are archived, each one of `trigger.suffixes`. @default every trigger suffix */
  suffixes: z
    .array(text(/^\.[A-Za-z0-9]{1,10}$/, "an extension such as '.png'"))
    .min(1, 'must name at least one suffix (leave `archive` out to turn archiving off)')
    .refine((suffixes) => !hasRepeats(suffixes), { error: 'must name each suffix once' })
    .optional(),
  /**
   * Keep the source's folders under the trigger prefix (`images/a/x.png` -> `zip/a/x.png.zip`), so
   * that `a/x.png` and `b/x.png` never overwrite each other. `false` writes `zip/x.png.zip`.
   * @default true
   */
  keepFolders: z.boolean().default(true),
});

/** `https` anywhere; plain `http` only to this machine (the local stack's receivers). */
const webhookUrl = text(
  /^(https:\/\/[^\s/?#]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?)(\/[^\s]*)?$/,
  'an https URL (plain http only to 127.0.0.1, localhost or [::1])',
);

export const webhookEvents = ['image.processed'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

const subscription = z.strictObject({
  /**
   * Names the subscription: its secret parameter (`/<namePrefix>-<stage>/webhooks/<id>`), its
   * Terraform variable (`webhook_secret_<id>`) and the `webhook-id` of its deliveries.
   */
  id: text(/^[a-z][a-z0-9-]{0,39}$/, '1-40 lowercase letters, digits or dashes, starting with a letter'),
  url: webhookUrl,
  /** @default ['image.processed'] */
  events: z.array(oneOf(webhookEvents)).min(1, 'must name at least one event').default([...webhookEvents]),
});

const webhooksStep = z.strictObject({
  subscriptions: z
    .array(subscription)
    .min(1, 'must name at least one subscription (leave `webhooks` out to turn them off)')
    .max(20)
    .superRefine((subscriptions, ctx) => {
      subscriptions.forEach((s, i) => {
        if (subscriptions.findIndex((other) => other.id === s.id) !== i) {
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `repeats ${show(s.id)}; each subscription id once`, input: s.id });
        }
      });
    }),
  /** Seconds each POST may take before it is cut and retried (1-30). @default 5 */
  timeoutSeconds: integer(1, 30).default(5),
  /** Deliveries of a notify message before it moves to the notify dead-letter queue (1-100). @default 5 */
  maxReceiveCount: integer(1, 100).default(5),
  /** Notify messages per invocation of the notify function (1-10). @default 10 */
  batchSize: integer(1, 10).default(10),
  /** Minutes the notify function caches a subscription's secret (0-60). @default 5 */
  secretCacheMinutes: integer(0, 60).default(5),
});

export const afterSchema = z
  .strictObject({
    metadata: toggle(metadataStep),
    archive: toggle(archiveStep),
    webhooks: webhooksStep.optional(),
  })
  .prefault({});

export type AfterInput = z.input<typeof afterSchema>;
