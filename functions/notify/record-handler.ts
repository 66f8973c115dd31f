import type { SQSRecord } from 'aws-lambda';
import { elapsedMs } from '../shared/logging.js';
import { notifyDeadLetterAttributes, type NotifyDeadLetterReason, type NotifyMessageFacts } from './dead-letter.js';
import { deliverWebhook } from './deliver.js';
import type { NotifyDeps } from './deps.js';
import { BadNotifyMessageError, DeliveryFailedError, UnknownSubscriptionError } from './errors.js';
import { readNotifyMessage, type ReceivedNotifyMessage } from './notify-message.js';
import { webhookHeaders } from './webhook-request.js';

/** How a notify message was handled (a retry throws instead). */
export type NotifyRecordOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'dead-lettered'; readonly reason: NotifyDeadLetterReason };

/**
 * Handles one notify message, never the batch: POSTs its payload to its subscription. A 2xx is done;
 * anything no retry can fix is moved to the notify DLQ with its reason and counts as handled; every
 * other failure throws, so Powertools reports it and the queue redelivers it (then redrives it).
 */
export function createNotifyRecordHandler(deps: NotifyDeps): (record: SQSRecord) => Promise<NotifyRecordOutcome> {
  const { settings, logger } = deps;
  const now = deps.now ?? (() => new Date());

  const moveToDeadLetter = async (record: SQSRecord, reason: NotifyDeadLetterReason, facts: NotifyMessageFacts): Promise<NotifyRecordOutcome> => {
    const receiveCount = record.attributes?.ApproximateReceiveCount;
    const allFacts = { ...facts, messageId: record.messageId, ...(receiveCount !== undefined && { receiveCount }) };
    try {
      await deps.deadLetter.send({ body: record.body, attributes: notifyDeadLetterAttributes(reason, allFacts, now()) });
    } catch (error) {
      // Rethrown: the message stays in the queue and is retried (then redriven after maxReceiveCount).
      logger.error('could not move to notify dead-letter queue', { ...allFacts, code: reason.code, error: error as Error });
      throw error;
    }
    logger.warn('moved to notify dead-letter queue', { ...allFacts, code: reason.code, reason: reason.reason, ...(reason.httpStatus !== undefined && { status: reason.httpStatus }) });
    return { kind: 'dead-lettered', reason };
  };

  return async (record) => {
    let received: ReceivedNotifyMessage;
    try {
      received = readNotifyMessage(record.body);
    } catch (error) {
      if (!(error instanceof BadNotifyMessageError)) throw error;
      return moveToDeadLetter(record, { code: 'BadNotifyMessage', reason: error.message }, {});
    }
    const { message, body } = received;
    const facts: NotifyMessageFacts = { subscriptionId: message.subscriptionId, webhookId: message.webhookId, sourceKey: message.payload.data.source.key };
    const subscription = settings.subscriptions.find((s) => s.id === message.subscriptionId);
    if (subscription === undefined) {
      const unknown = new UnknownSubscriptionError(message.subscriptionId, settings.subscriptions.map((s) => s.id));
      return moveToDeadLetter(record, { code: 'UnknownSubscription', reason: unknown.message }, facts);
    }

    let secret;
    try {
      secret = await deps.readSecret(subscription.secretParameter);
    } catch (error) {
      // Rethrown: retried through the queue, since a secret can be fixed in place.
      logger.error('webhook secret unusable, will retry', { ...facts, parameter: subscription.secretParameter, error: error as Error });
      throw error;
    }
    const startedAt = performance.now();
    const headers = webhookHeaders(message.webhookId, body, secret, now());
    const outcome = await deliverWebhook({ url: subscription.url, body, headers, timeoutMs: settings.timeoutMs }, deps.fetch);
    const logged = {
      subscriptionId: subscription.id,
      webhookId: message.webhookId,
      sourceKey: facts.sourceKey,
      ...(outcome.status !== undefined && { status: outcome.status }),
      ms: elapsedMs(startedAt),
      attempt: record.attributes?.ApproximateReceiveCount,
    };
    switch (outcome.kind) {
      case 'delivered':
        logger.info('webhook delivered', logged);
        return { kind: 'delivered', status: outcome.status };
      case 'retry':
        logger.warn('webhook not delivered, will retry', { ...logged, reason: outcome.reason });
        throw new DeliveryFailedError(outcome.reason, outcome.status);
      case 'dead-letter':
        logger.warn('webhook refused', { ...logged, code: outcome.code, reason: outcome.reason });
        return moveToDeadLetter(record, { code: outcome.code, reason: outcome.reason, httpStatus: outcome.status }, facts);
    }
  };
}
