import { EventEmitter } from 'node:events';
import type { ObjectEvent } from '../emulator/embedded-emulator.js';
import type { NotificationTarget } from '../terraform/kit-plan.js';
import { targetMatches } from './notification-match.js';
import { buildS3EventRecord, buildTestEvent } from './s3-event-record.js';

/** Where the router hands notifications: SQS SendMessage, and Lambda's asynchronous invoke. */
export interface RouterDestinations {
  sendToQueue(queueArn: string, body: string): Promise<{ messageId: string }>;
  invokeAsync(functionArn: string, event: unknown): Promise<void>;
}

export interface RouterDelivery {
  readonly bucket: string;
  readonly key: string;
  readonly eventName: string;
  readonly target: NotificationTarget;
  readonly messageId?: string;
}

export interface RouterEvents {
  delivered: [RouterDelivery];
  testEvent: [{ bucket: string; queueArn: string; messageId: string }];
  deliveryError: [{ bucket: string; key: string; target: NotificationTarget; error: Error }];
  idle: [];
}

/**
 * Delivers S3 event notifications as S3 does: for each object event, every configuration of the
 * bucket whose event types and prefix/suffix filters match gets one message with one record; a
 * queue gets an `s3:TestEvent` when a configuration naming it is saved.
 */
export class EventRouter extends EventEmitter<RouterEvents> {
  private readonly configs = new Map<string, readonly NotificationTarget[]>();
  private inFlight = 0;
  /** While true, object events are dropped (seeding objects for a replay must not trigger the stack). */
  muted = false;

  constructor(
    private readonly region: string,
    private readonly destinations: RouterDestinations,
  ) {
    super();
  }

  /**
   * Replaces the bucket's notification configuration (as PutBucketNotificationConfiguration does).
   * Saving the same configuration again changes nothing and sends no test events.
   */
  async configure(bucket: string, targets: readonly NotificationTarget[]): Promise<void> {
    const previous = this.configs.get(bucket);
    if (previous && JSON.stringify(previous) === JSON.stringify(targets)) return;
    this.configs.set(bucket, targets);
    const queues = [...new Set(targets.filter((t) => t.kind === 'queue').map((t) => t.targetArn))];
    for (const queueArn of queues) {
      const { messageId } = await this.destinations.sendToQueue(queueArn, JSON.stringify(buildTestEvent(bucket)));
      this.emit('testEvent', { bucket, queueArn, messageId });
    }
  }

  configuration(bucket: string): readonly NotificationTarget[] {
    return this.configs.get(bucket) ?? [];
  }

  /** Routes one object event; returns once every matching destination has it. */
  async route(event: ObjectEvent): Promise<void> {
    if (this.muted) return;
    const targets = (this.configs.get(event.bucket) ?? []).filter((t) => targetMatches(t, event.eventName, event.key));
    if (targets.length === 0) return;
    this.inFlight++;
    try {
      await Promise.all(targets.map((target) => this.deliver(event, target)));
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.emit('idle');
    }
  }

  /** Deliveries started and not yet handed to their destination. */
  get pending(): number {
    return this.inFlight;
  }

  private async deliver(event: ObjectEvent, target: NotificationTarget): Promise<void> {
    const body = { Records: [buildS3EventRecord(event, target.id, this.region)] };
    try {
      if (target.kind === 'queue') {
        const { messageId } = await this.destinations.sendToQueue(target.targetArn, JSON.stringify(body));
        this.emit('delivered', { bucket: event.bucket, key: event.key, eventName: event.eventName, target, messageId });
      } else {
        await this.destinations.invokeAsync(target.targetArn, body);
        this.emit('delivered', { bucket: event.bucket, key: event.key, eventName: event.eventName, target });
      }
    } catch (error) {
      this.emit('deliveryError', { bucket: event.bucket, key: event.key, target, error: error as Error });
    }
  }
}
