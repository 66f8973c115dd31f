import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { errorText } from '../kit-faults.js';
import { isNotFound } from '../s3/not-found.js';
import { readDeadLetter, type DeadLetterVia } from './dead-letter-message.js';
import type { RunTarget } from './run-target.js';

export type UploadOutcome =
  | { readonly kind: 'outputs'; readonly doneAt: number }
  | {
      readonly kind: 'dead-letter';
      readonly reason: string;
      /**
       * `function`: moved by the process function at once, the reason read from the message's
       * attributes; `destination`: Lambda's destination record after an asynchronous invocation's
       * retries or event age ran out, the reason its last error; `redrive`: moved by SQS after
       * maxReceiveCount receives, the reason from the logs.
       */
      readonly via: DeadLetterVia;
      readonly doneAt: number;
    }
  /** Its notification never reached the queue: known at once, not by waiting for the deadline. */
  | { readonly kind: 'undelivered'; readonly reason: string }
  /**
   * `checkError`: the last check of the outputs or the dead-letter queue failed with it. `quiet`:
   * known before the deadline, because the pipeline had nothing running or waiting for `quietMs`.
   */
  | { readonly kind: 'lost'; readonly missing: readonly string[]; readonly checkError?: string; readonly quiet?: boolean };

interface Pending {
  readonly key: string;
  readonly missing: Set<string>;
  readonly resolve: (outcome: UploadOutcome) => void;
}

/**
 * Waits until each accepted upload reaches its end: every expected output exists, or its
 * notification is in the dead-letter queue. Re-checks when the target reports activity and at
 * least every `intervalMs`, until one deadline for all; where the target can tell that the pipeline
 * is quiet (nothing running or waiting) for `quietMs` with no activity, what is still missing then is
 * lost at once rather than at the deadline.
 */
export class OutcomeTracker {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private again = false;
  private lastCheckError: string | undefined;
  private quietSince: number | undefined;

  constructor(
    private readonly target: RunTarget,
    private readonly options: { deadlineAt: number; intervalMs?: number; quietMs?: number },
  ) {
    target.activity?.on('activity', this.wake);
  }

  track(key: string, outputs: readonly string[]): Promise<UploadOutcome> {
    return new Promise((resolve) => {
      this.pending.set(key, { key, missing: new Set(outputs), resolve });
      this.schedule();
    });
  }

  stop(): void {
    this.target.activity?.off('activity', this.wake);
    clearTimeout(this.timer);
  }

  private readonly wake = (): void => {
    this.quietSince = undefined;
    void this.check();
  };

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.options.intervalMs ?? 250);
  }

  private async check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.again = false;
        try {
          await this.checkOnce();
          this.lastCheckError = undefined;
        } catch (error) {
          // Checked again on the next wake; past the deadline, the lost outcome carries it.
          this.lastCheckError = errorText(error);
        }
      } while (this.again);
      if (this.pending.size > 0 && (await this.quietLongEnough())) {
        for (const item of [...this.pending.values()]) this.finish(item, { kind: 'lost', missing: [...item.missing], quiet: true });
      }
      if (Date.now() > this.options.deadlineAt) {
        const checkError = this.lastCheckError;
        for (const item of [...this.pending.values()]) this.finish(item, { kind: 'lost', missing: [...item.missing], ...(checkError !== undefined ? { checkError } : {}) });
      }
    } finally {
      this.checking = false;
      if (this.pending.size > 0) this.schedule();
    }
  }

  /** Whether the target has been quiet, with no activity, for `quietMs` (1 s by default). */
  private async quietLongEnough(): Promise<boolean> {
    if (!this.target.isQuiet) return false;
    let quiet: boolean;
    try {
      quiet = await this.target.isQuiet();
    } catch {
      quiet = false;
    }
    if (!quiet) {
      this.quietSince = undefined;
      return false;
    }
    this.quietSince ??= Date.now();
    return Date.now() - this.quietSince >= (this.options.quietMs ?? 1000);
  }

  private async checkOnce(): Promise<void> {
    if (this.pending.size === 0) return;
    for (const item of [...this.pending.values()]) {
      for (const output of [...item.missing]) {
        if (await this.exists(output)) item.missing.delete(output);
      }
      if (item.missing.size === 0) this.finish(item, { kind: 'outputs', doneAt: Date.now() });
    }
    for (const item of [...this.pending.values()]) {
      const undelivered = this.target.deliveryFailure?.(item.key);
      if (undelivered !== undefined) this.finish(item, { kind: 'undelivered', reason: undelivered });
    }
    if (this.pending.size === 0) return;
    // Source key -> what its message says (a message with a reason wins over a redriven one without).
    const dead = new Map<string, { reason?: string; via: DeadLetterVia }>();
    for (const message of await this.target.peekDeadLetters()) {
      const letter = readDeadLetter(message);
      for (const key of letter.keys) if (dead.get(key)?.reason === undefined) dead.set(key, letter);
    }
    for (const item of [...this.pending.values()]) {
      const letter = dead.get(item.key);
      if (!letter) continue;
      this.finish(
        item,
        letter.reason !== undefined
          ? { kind: 'dead-letter', via: letter.via, reason: letter.reason, doneAt: Date.now() }
          : { kind: 'dead-letter', via: 'redrive', reason: this.target.failureReason(item.key) ?? 'no reason in the message attributes nor an error line in the function logs', doneAt: Date.now() },
      );
    }
  }

  private finish(item: Pending, outcome: UploadOutcome): void {
    this.pending.delete(item.key);
    item.resolve(outcome);
  }

  /** Whether an output exists; only S3's NotFound means it does not (yet): any other error is thrown. */
  private async exists(key: string): Promise<boolean> {
    if (this.target.writeTimes) return this.target.writeTimes.has(`${this.target.outputsBucket}/${key}`);
    try {
      await this.target.s3.send(new HeadObjectCommand({ Bucket: this.target.outputsBucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
