import { createHash } from 'node:crypto';
import type { ImageRecord } from '../../../functions/shared/image-record.js';
import type { NotifyMessage } from '../../../functions/shared/notify-message.js';

/** The contract's webhook-id: `msg_` + 32 hex digits of SHA-256 over bucket, key, ETag and subscription id. */
export function webhookIdFor(bucket: string, key: string, etag: string, subscriptionId: string): string {
  return `msg_${createHash('sha256').update(`${bucket}\n${key}\n${etag}\n${subscriptionId}`).digest('hex').slice(0, 32)}`;
}

/** The record of a processed `images/<key>` as the process function writes it. */
export function imageRecord(key = 'images/holiday/beach day.png'): ImageRecord {
  return {
    source: { bucket: 'imgpipe-dev-uploads-123456789012', key, etag: '9b2cf535f27731c974343645a3985328', size: 48213, format: 'png', width: 1200, height: 800 },
    outputs: [
      { key: `thumbnails/${key.replace(/^images\//, '')}/thumb.jpg`, variant: 'thumb', format: 'jpeg', width: 150, height: 100, bytes: 5120 },
      { key: `thumbnails/${key.replace(/^images\//, '')}/thumb.webp`, variant: 'thumb', format: 'webp', width: 150, height: 100, bytes: 3904 },
    ],
  };
}

/** One notify message for `subscriptionId` about the image at `key`. */
export function notifyMessage(subscriptionId: string, key?: string): NotifyMessage {
  const data = imageRecord(key);
  return {
    subscriptionId,
    webhookId: webhookIdFor(data.source.bucket, data.source.key, data.source.etag, subscriptionId),
    payload: {
      type: 'image.processed',
      timestamp: '2026-03-01T12:00:00.000Z',
      data: { ...data, metadata: { store: 'object', bucket: 'imgpipe-dev-outputs-123456789012', key: `metadata/${data.source.key.replace(/^images\//, '')}.json` } },
    },
  };
}

/** A fresh secret in the stored format, as the kit generates one per run. */
export { generateWebhookSecret as newWebhookSecret } from '../../../scripts/kit/webhooks/webhook-secret.js';
