import { DecodeTooCostlyError, ImageProcessingError, OutOfTimeError } from './errors.js';
import { translateSharpError, type SharpStage } from './sharp-errors.js';

/**
 * How long processing one image may take. `conclusive`: the whole of the image's own budget, so
 * running past it means the image is too costly (never retried); otherwise the limit is what the
 * invocation had left, and running past it says nothing about the image (retried).
 */
export interface TimeLimit {
  readonly ms: number;
  readonly conclusive: boolean;
}

/** sharp's timeout error: `timeout: 42% complete`. */
const sharpTimeout = /^timeout: \d+% complete/;

/**
 * One image's deadline, handed to every sharp pipeline as its `timeout` (whole seconds, counted by
 * libvips from when the pipeline starts). libvips checks it between tiles, so a decoder stuck in a
 * single long call (libjpeg reading every scan of a progressive file) stops only when that call
 * returns: the header checks of decode-cost.ts are what bound those.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(
    private readonly limit: TimeLimit,
    private readonly key: string,
    started = performance.now(),
  ) {
    this.endsAt = started + limit.ms;
  }

  /** Whole seconds left for the next pipeline; throws when less than one is left. */
  seconds(): number {
    const left = this.endsAt - performance.now();
    if (left < 1000) throw this.exceeded(`less than a second of its ${this.budget()} left before the next stage`);
    return Math.floor(left / 1000);
  }

  /**
   * A sharp error as a domain error: a timeout by this deadline's kind, anything else by the
   * message table for the stage it failed in (decoding, the default, or encoding).
   */
  translate(error: unknown, stage: SharpStage = 'decode'): ImageProcessingError {
    const message = error instanceof Error ? error.message : String(error);
    if (sharpTimeout.test(message)) return this.exceeded(`stopped after its ${this.budget()} at ${message.split('\n')[0]!.slice('timeout: '.length)}`, error);
    return translateSharpError(this.key, error, stage);
  }

  private budget(): string {
    return `${(this.limit.ms / 1000).toFixed(1).replace(/\.0$/, '')} s ${this.limit.conclusive ? 'time limit' : 'of remaining invocation time'}`;
  }

  private exceeded(detail: string, cause?: unknown): ImageProcessingError {
    return this.limit.conclusive ? new DecodeTooCostlyError(this.key, detail, cause) : new OutOfTimeError(this.key, detail, cause);
  }
}
