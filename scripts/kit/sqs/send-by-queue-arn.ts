import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SendMessage to a queue named by its ARN; the message's attributes, when given, as String attributes. */
export type QueueSender = (queueArn: string, body: string, attributes?: Readonly<Record<string, string>>) => Promise<{ messageId: string }>;

/**
 * How S3 notifications, Lambda destinations and EventBridge targets reach a queue of the stack: by its
 * ARN, whose emulator URL is known once the plan is applied (`urlOfArn`). An ARN the kit did not
 * create is the error `missing` makes (each service answers it its own way).
 */
export function sendByQueueArn(sqs: SQSClient, urlOfArn: (queueArn: string) => string | undefined, missing: (queueArn: string) => Error): QueueSender {
  return async (queueArn, body, attributes) => {
    const url = urlOfArn(queueArn);
    if (!url) throw missing(queueArn);
    const messageAttributes = attributes ? Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])) : undefined;
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, ...(messageAttributes ? { MessageAttributes: messageAttributes } : {}) }));
    return { messageId: sent.MessageId ?? '' };
  };
}
