import type { DeadLetterSink } from '../process/dead-letter.js';
import type { LogSink } from '../shared/logging.js';
import type { WebhookSecret } from './secrets.js';
import type { NotifySettings } from './settings.js';

/** Everything the notify function's logic needs, built once per container in handler.ts. */
export interface NotifyDeps {
  readonly settings: NotifySettings;
  /** A subscription's secret by parameter name (Powertools Parameters, cached). */
  readonly readSecret: (parameterName: string) => Promise<WebhookSecret>;
  /** The notify dead-letter queue, for deliveries no retry can fix. */
  readonly deadLetter: DeadLetterSink;
  readonly logger: LogSink;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** The clock each attempt is signed with. @default () => new Date() */
  readonly now?: () => Date;
}
