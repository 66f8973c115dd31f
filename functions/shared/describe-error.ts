/** What the logs (and the Step Functions reply) say about a failure. */
export interface ErrorDescription {
  readonly name: string;
  readonly code: string;
  readonly reason: string;
  /** Whether delivering the same event again can help (a corrupt image never gets better). */
  readonly retryable: boolean;
}

/** Domain errors carry `code` and `retryable`; anything else (SDK, network) is assumed transient. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof Error) {
    const fields = error as Error & { code?: unknown; retryable?: unknown };
    const domain = typeof fields.code === 'string' && typeof fields.retryable === 'boolean';
    return {
      name: error.name,
      code: domain ? (fields.code as string) : error.name,
      reason: error.message,
      retryable: domain ? (fields.retryable as boolean) : true,
    };
  }
  return { name: 'Unknown', code: 'Unknown', reason: String(error), retryable: true };
}
