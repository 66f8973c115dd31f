import { sqsAttributeText } from '../process/dead-letter.js';

/** Why a notify message was moved to the notify dead-letter queue at once. */
export interface NotifyDeadLetterReason {
  readonly code: 'WebhookRejected' | 'WebhookRedirected' | 'UnknownSubscription' | 'BadNotifyMessage';
  readonly reason: string;
  readonly httpStatus?: number;
}

/** What is known of the message (nothing of its content when it was not a notify message). */
export interface NotifyMessageFacts {
  readonly subscriptionId?: string;
  readonly webhookId?: string;
  readonly sourceKey?: string;
  readonly messageId?: string;
  readonly receiveCount?: string;
}

/** The string attributes of a dead-lettered notify message, in the style of the process function's. */
export function notifyDeadLetterAttributes(reason: NotifyDeadLetterReason, facts: NotifyMessageFacts, failedAt: Date): Record<string, string> {
  return {
    ErrorCode: reason.code,
    ErrorMessage: sqsAttributeText(reason.reason),
    ...(facts.subscriptionId !== undefined && { SubscriptionId: sqsAttributeText(facts.subscriptionId, 256) }),
    ...(facts.webhookId !== undefined && { WebhookId: facts.webhookId }),
    ...(facts.sourceKey !== undefined && { SourceKey: sqsAttributeText(facts.sourceKey, 2048) }),
    ...(reason.httpStatus !== undefined && { HttpStatus: String(reason.httpStatus) }),
    ...(facts.messageId !== undefined && { SourceMessageId: facts.messageId }),
    FailedAt: failedAt.toISOString(),
    ...(facts.receiveCount !== undefined && { ApproximateReceiveCount: facts.receiveCount }),
  };
}
