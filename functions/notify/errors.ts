/**
 * The notify function's errors: each carries a `code` (what a dead-lettered message's `ErrorCode`
 * says) and whether a retry through the queue can help, like the process function's domain errors.
 */
export class NotifyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The message on the notify queue is not JSON or not a NotifyMessage: no retry makes it one. */
export class BadNotifyMessageError extends NotifyError {
  override readonly name = 'BadNotifyMessageError';
  constructor(reason: string) {
    super('BadNotifyMessage', `not a notify message: ${reason}`, false);
  }
}

/** The message names a subscription this function does not have (removed since it was sent). */
export class UnknownSubscriptionError extends NotifyError {
  override readonly name = 'UnknownSubscriptionError';
  constructor(subscriptionId: string, known: readonly string[]) {
    super('UnknownSubscription', `no subscription ${JSON.stringify(subscriptionId)} (this function has ${known.map((id) => JSON.stringify(id)).join(', ') || 'none'})`, false);
  }
}

/** A subscription's secret parameter could not be read or is not `{token, signingSecret}`; retried, since it can be fixed in place. */
export class SecretUnusableError extends NotifyError {
  override readonly name = 'SecretUnusableError';
  constructor(parameterName: string, reason: string, options?: ErrorOptions) {
    super('SecretUnusable', `secret parameter ${parameterName}: ${reason}`, true, options);
  }
}

/** The subscriber did not take the delivery this time (408, 429, 5xx, timeout, connection refused or reset): retried through the queue. */
export class DeliveryFailedError extends NotifyError {
  override readonly name = 'DeliveryFailedError';
  constructor(reason: string, readonly status?: number) {
    super('WebhookUnavailable', reason, true);
  }
}

/** Building the webhook settings from the environment failed: the function cannot start. */
export class NotifySettingsError extends Error {
  override readonly name = 'NotifySettingsError';
}
