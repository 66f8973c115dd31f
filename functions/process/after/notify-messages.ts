import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ImageRecord, ImageRecordLocation } from '../../shared/image-record.js';
import type { NotifyMessage } from '../../shared/notify-message.js';

/** SQS takes at most ten messages per SendMessageBatch. */
const batchLimit = 10;

/**
 * `msg_` + 32 hex digits of SHA-256 over bucket, key, ETag and subscription id: the same on every
 * redelivery of the same bytes, different per subscription and per version of the object.
 */
export function webhookId(source: Pick<ImageRecord['source'], 'bucket' | 'key' | 'etag'>, subscriptionId: string): string {
  const digest = createHash('sha256').update(`${source.bucket}\n${source.key}\n${source.etag}\n${subscriptionId}`).digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}

/** One `image.processed` message per subscription, all with the same payload. */
export function notifyMessages(record: ImageRecord, metadata: ImageRecordLocation | undefined, subscriptionIds: readonly string[], now: Date): NotifyMessage[] {
  const payload: NotifyMessage['payload'] = {
    type: 'image.processed',
    timestamp: now.toISOString(),
    data: { ...record, ...(metadata !== undefined && { metadata }) },
  };
  return subscriptionIds.map((subscriptionId) => ({ subscriptionId, webhookId: webhookId(record.source, subscriptionId), payload }));
}

/** Sends the messages ten per call; throws when SQS refused any of them (the image is then retried). */
export async function sendNotifyMessages(sqs: SQSClient, queueUrl: string, messages: readonly NotifyMessage[]): Promise<void> {
  for (let start = 0; start < messages.length; start += batchLimit) {
    const batch = messages.slice(start, start + batchLimit);
    const reply = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    const refused = reply.Failed ?? [];
    if (refused.length > 0) {
      const which = refused.map((entry) => `${batch[Number(entry.Id)]?.subscriptionId ?? entry.Id}: ${entry.Code ?? '?'} ${entry.Message ?? ''}`.trim());
      throw new Error(`SQS refused ${refused.length} notify message(s): ${which.join('; ')}`);
    }
  }
}
