import { STATUS_CODES } from 'node:http';

/** What became of one POST. */
export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  /** 408, 429, 5xx, a timeout, a refused or reset connection: the queue tries again later. */
  | { readonly kind: 'retry'; readonly status?: number; readonly reason: string }
  /** Any other 4xx (`WebhookRejected`) or any 3xx (`WebhookRedirected`): no retry can help. */
  | { readonly kind: 'dead-letter'; readonly code: 'WebhookRejected' | 'WebhookRedirected'; readonly status: number; readonly reason: string };

/** Statuses below 500 that say "later" rather than "never". */
const retryableClientStatuses = new Set([408, 429]);

/** Classifies a subscriber's answer; `reason` reads `<url> answered 401 Unauthorized`. */
export function outcomeOfStatus(url: string, status: number, statusText: string, location?: string | null): DeliveryOutcome {
  const reason = `${url} answered ${status} ${statusText || STATUS_CODES[status] || ''}`.trimEnd();
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status >= 300 && status < 400) return { kind: 'dead-letter', code: 'WebhookRedirected', status, reason: location ? `${reason} (to ${location}, not followed)` : reason };
  if (status >= 400 && status < 500 && !retryableClientStatuses.has(status)) return { kind: 'dead-letter', code: 'WebhookRejected', status, reason };
  return { kind: 'retry', status, reason };
}

/** A POST that got no answer: every such failure is retried, with a reason that says which it was. */
export function outcomeOfFailure(url: string, error: unknown, timeoutMs: number): DeliveryOutcome {
  if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'retry', reason: `${url} did not answer within ${timeoutMs} ms` };
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return { kind: 'retry', reason: `${url} refused the connection (ECONNREFUSED)` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return { kind: 'retry', reason: `${url} reset the connection (${code})` };
  const detail = code ?? (typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error));
  return { kind: 'retry', reason: `${url} could not be reached: ${detail}` };
}
