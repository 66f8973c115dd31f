/** One object the process function should turn into outputs. */
export interface WorkItem {
  readonly bucket: string;
  /** The object key, decoded (S3 notifications URL-encode it; EventBridge does not). */
  readonly key: string;
  readonly size?: number;
  /** Without surrounding quotes. */
  readonly eTag?: string;
  readonly versionId?: string;
  /** As delivered: `ObjectCreated:Put` (S3 notification), `Object Created` (EventBridge), `Direct` (input transformer). */
  readonly eventName: string;
  /** The SQS message that carried it, when it came through a queue. */
  readonly messageId?: string;
}

/** A record that is deliberately not processed, and why. Logged, never failed. */
export interface IgnoredRecord {
  readonly reason: string;
  readonly eventName?: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly messageId?: string;
}

export interface NormalisedEvent {
  readonly items: readonly WorkItem[];
  readonly ignored: readonly IgnoredRecord[];
}

/** How the event reached the function; decides how failures are reported. */
export type EventSource = 'sqs' | 'sns' | 's3' | 'eventbridge' | 'direct';
