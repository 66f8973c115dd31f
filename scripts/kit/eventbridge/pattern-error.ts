import { KitError } from '../errors.js';

/** An event pattern the kit refuses when the rule is loaded: names where in the pattern, and why. */
export class EventPatternError extends KitError {
  override readonly name = 'EventPatternError';
  constructor(
    readonly where: string,
    reason: string,
  ) {
    super('EventPattern', `${where}: ${reason}`);
  }
}
