// The notify function's logic without its module-scope wiring (handler.ts reads the environment).
export { createNotifyHandler, type NotifyHandler } from './create-handler.js';
export { createNotifyRecordHandler, type NotifyRecordOutcome } from './record-handler.js';
export type { NotifyDeps } from './deps.js';
export { readNotifySettings, refusedWebhookUrl, type NotifySettings } from './settings.js';
export { createSecretReader, type ParameterReader, type WebhookSecret } from './secrets.js';
export { webhookHeaders, webhookUserAgent } from './webhook-request.js';
export { deliverWebhook, type DeliveryRequest } from './deliver.js';
export { outcomeOfStatus, outcomeOfFailure, type DeliveryOutcome } from './delivery-outcome.js';
export { notifyDeadLetterAttributes, type NotifyDeadLetterReason } from './dead-letter.js';
export { NotifyError, BadNotifyMessageError, UnknownSubscriptionError, SecretUnusableError, DeliveryFailedError, NotifySettingsError } from './errors.js';
