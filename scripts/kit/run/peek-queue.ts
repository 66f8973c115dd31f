import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A message read from a queue without consuming it: its body and its String message attributes. */
export interface PeekedMessage {
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface PeekOptions {
  /** Seconds the messages are hidden while paging past the first ten. @default 30 */
  readonly holdSeconds?: number;
  /** Most messages read. @default 1000 */
  readonly max?: number;
}

/**
 * Every message in a queue with its message attributes, left in place: receive (hidden for
 * `holdSeconds`, so the next receive pages past them) until the queue answers empty, then make
 * each visible again. Meant for a dead-letter queue: each peek counts as a receive, which only a
 * queue with a redrive policy would act on.
 */
export async function peekQueue(sqs: SQSClient, queueUrl: string, options: PeekOptions = {}): Promise<PeekedMessage[]> {
  const max = options.max ?? 1000;
  const peeked: PeekedMessage[] = [];
  const handles: string[] = [];
  try {
    while (peeked.length < max) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: options.holdSeconds ?? 30, MessageAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        if (message.ReceiptHandle !== undefined) handles.push(message.ReceiptHandle);
        const attributes: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
          if (value.StringValue !== undefined) attributes[name] = value.StringValue;
        }
        peeked.push({ body: message.Body ?? '', attributes });
      }
    }
  } finally {
    for (let i = 0; i < handles.length; i += 10) {
      const entries = handles.slice(i, i + 10).map((handle, n) => ({ Id: String(n), ReceiptHandle: handle, VisibilityTimeout: 0 }));
      await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    }
  }
  return peeked;
}

/** The reason a message moved by the process function carries (`ErrorCode: ErrorMessage`); undefined for a redriven one. */
export function deadLetterReason(message: PeekedMessage): string | undefined {
  const { ErrorCode: code, ErrorMessage: text } = message.attributes;
  if (code === undefined && text === undefined) return undefined;
  return [code, text].filter((part) => part !== undefined).join(': ');
}
