import { SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';

/** A message moved to the dead-letter queue by the function: the original body and why it failed. */
export interface DeadLetter {
  readonly body: string;
  /** String message attributes (`ErrorCode`, `ErrorMessage`, `SourceKey`, ...); see deadLetterAttributes. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Where the record handler moves messages that no retry can fix; throws when the move failed. */
export interface DeadLetterSink {
  send(message: DeadLetter): Promise<void>;
}

/** SendMessage to the queue at `queueUrl` (the process function's role holds sqs:SendMessage on it only). */
export function sqsDeadLetterSink(sqs: SQSClient, queueUrl: string): DeadLetterSink {
  return {
    async send(message) {
      const attributes: Record<string, MessageAttributeValue> = {};
      for (const [name, value] of Object.entries(message.attributes)) attributes[name] = { DataType: 'String', StringValue: value };
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.body, MessageAttributes: attributes }));
    },
  };
}

/** Longest ErrorMessage attribute kept; the reason names the key (up to 1024 bytes) and a short cause. */
export const maxErrorMessageLength = 1024;

/** SQS refuses attribute values outside these XML characters; a key with control characters must still move. */
const notSqsText = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text SQS accepts as a String attribute value: invalid characters replaced, cut to `max` characters. */
export function sqsAttributeText(text: string, max = maxErrorMessageLength): string {
  // SQS also refuses an empty value.
  const clean = text === '' ? '(empty)' : text.replace(notSqsText, '\uFFFD');
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

export interface DeadLetterReason {
  readonly code: string;
  readonly reason: string;
  readonly bucket?: string;
  readonly key?: string;
}

/** The attributes a dead-lettered message carries, so whoever reads the DLQ sees why without the logs. */
export function deadLetterAttributes(
  reason: DeadLetterReason,
  message: { readonly messageId?: string; readonly receiveCount?: string; readonly requestId?: string },
  failedAt: Date,
): Record<string, string> {
  return {
    ErrorCode: sqsAttributeText(reason.code, 256),
    ErrorMessage: sqsAttributeText(reason.reason),
    ...(reason.key !== undefined && { SourceKey: sqsAttributeText(reason.key, 2048) }),
    ...(reason.bucket !== undefined && { SourceBucket: reason.bucket }),
    ...(message.messageId !== undefined && { SourceMessageId: message.messageId }),
    // A direct (asynchronous) invocation has no message: the Lambda request id finds its logs.
    ...(message.requestId !== undefined && { SourceRequestId: message.requestId }),
    FailedAt: failedAt.toISOString(),
    ...(message.receiveCount !== undefined && { ApproximateReceiveCount: message.receiveCount }),
  };
}
