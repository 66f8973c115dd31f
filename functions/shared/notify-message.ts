import type { ImageRecord, ImageRecordLocation } from './image-record.js';

/** The body of a webhook POST (Standard Webhooks' `{type, timestamp, data}` shape). */
export interface WebhookPayload {
  readonly type: 'image.processed';
  /** ISO 8601: when the image was processed (the same on every delivery attempt). */
  readonly timestamp: string;
  readonly data: ImageRecord & {
    /** Where the metadata record is, when after.metadata is on. */
    readonly metadata?: ImageRecordLocation;
  };
}

/**
 * One message on the notify queue: one image for one subscription. The process function sends it;
 * the notify function POSTs `payload` (serialised once, as the body) to the subscription's URL.
 */
export interface NotifyMessage {
  readonly subscriptionId: string;
  /**
   * `msg_` + 32 hex digits of SHA-256 over (source bucket, key, ETag, subscription id): the same for
   * every attempt and every redelivery of the same image, so receivers can drop duplicates.
   */
  readonly webhookId: string;
  readonly payload: WebhookPayload;
}
