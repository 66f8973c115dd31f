import { z } from 'zod';
import type { NotifyMessage } from '../shared/notify-message.js';
import { BadNotifyMessageError } from './errors.js';

/** What the notify function needs of a message; the payload's data is passed on as received. */
const notifyMessageSchema = z.object({
  subscriptionId: z.string().min(1),
  webhookId: z.string().regex(/^msg_[0-9a-f]{32}$/, "must be 'msg_' and 32 hex digits"),
  payload: z.object({
    type: z.literal('image.processed'),
    timestamp: z.iso.datetime(),
    data: z.looseObject({ source: z.looseObject({ bucket: z.string(), key: z.string() }) }),
  }),
});

/** A message read from the queue: what it says, and the body to POST (the payload exactly as the process function serialised it). */
export interface ReceivedNotifyMessage {
  readonly message: NotifyMessage;
  readonly body: string;
}

/** Parses one notify queue message; throws BadNotifyMessageError naming the first problem. */
export function readNotifyMessage(text: string): ReceivedNotifyMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BadNotifyMessageError(`body is not JSON (${(error as Error).message})`);
  }
  const parsed = notifyMessageSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new BadNotifyMessageError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  // The raw JSON, not zod's copy: the body keeps the sender's key order and every field it sent.
  const message = json as NotifyMessage;
  return { message, body: JSON.stringify(message.payload) };
}
