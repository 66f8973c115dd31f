import { describe, expect, it } from 'vitest';
import { notifyFunctionEnvironment } from '../../../config/function-env.js';
import { readNotifySettings, refusedWebhookUrl } from '../../../functions/notify/settings.js';

const environment = (url: string, timeoutMs = 5000) =>
  notifyFunctionEnvironment(
    {
      subscriptions: [{ id: 'orders-app', url, events: ['image.processed'], secretParameter: '/imgpipe-dev/webhooks/orders-app' }],
      timeoutMs,
      secretCacheSeconds: 300,
      deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/imgpipe-dev-notify-dlq',
    },
    'imgpipe-dev-notify',
  );

describe('notify function settings', () => {
  it('reads what the Terraform writes', () => {
    expect(readNotifySettings(environment('https://orders.example.com/hooks/images'))).toEqual({
      subscriptions: [{ id: 'orders-app', url: 'https://orders.example.com/hooks/images', events: ['image.processed'], secretParameter: '/imgpipe-dev/webhooks/orders-app' }],
      timeoutMs: 5000,
      secretCacheSeconds: 300,
      deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/imgpipe-dev-notify-dlq',
    });
  });

  it('allows https anywhere and plain http only to this machine', () => {
    expect(['https://cms.example.com/webhooks', 'http://127.0.0.1:4000/h', 'http://127.8.9.10/h', 'http://localhost:8080/', 'http://[::1]:9000/x'].map(refusedWebhookUrl)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(refusedWebhookUrl('http://cms.example.com/webhooks')).toBe('must be https (plain http only to 127.0.0.1, localhost or [::1])');
    expect(refusedWebhookUrl('http://127.0.0.1.example.com/')).toBeDefined();
    expect(refusedWebhookUrl('ftp://127.0.0.1/')).toBeDefined();
    expect(refusedWebhookUrl('not a url')).toBe('is not a URL');
  });

  it('refuses to start with a plain http subscriber elsewhere, naming the variable and the subscription', () => {
    expect(() => readNotifySettings(environment('http://orders.example.com/hooks'))).toThrow(
      'Notify function environment: WEBHOOK_SUBSCRIPTIONS.0.url: "http://orders.example.com/hooks" must be https (plain http only to 127.0.0.1, localhost or [::1])',
    );
  });

  it('refuses a timeout that is not a positive whole number of milliseconds', () => {
    expect(() => readNotifySettings(environment('https://orders.example.com/', 0))).toThrow(/^Notify function environment: WEBHOOK_TIMEOUT_MS: /);
  });
});
