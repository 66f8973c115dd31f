import type { PipelineConfig } from '../../config/index.js';

/**
 * The queue flow with the `seed-multi` preset (150, 600 and 1200 px, JPEG and WebP), and after each
 * image: its metadata record under `metadata/` in the outputs bucket, then one signed `image.processed`
 * webhook per subscriber (`orders-app`, `cms`) through the notify queue and function. Each
 * subscriber's token and signing secret are a SecureString parameter written from
 * `TF_VAR_webhook_secret_orders_app` / `TF_VAR_webhook_secret_cms`, never stored in the state.
 * Synthesized as the stack `webhooks` (stage `dev`, AWS).
 */
export const pipelineConfig = {
  namePrefix: 'imgpipe-hooks',
  region: 'eu-west-1',
  architecture: 'x86_64',
  trigger: { via: 'queue', prefix: 'images/' },
  processing: 'seed-multi',
  after: {
    // The payload points at the record (`data.metadata`), so subscribers can fetch the whole of it.
    metadata: true,
    webhooks: {
      subscriptions: [
        { id: 'orders-app', url: 'https://orders.example.com/hooks/images' },
        { id: 'cms', url: 'https://cms.example.com/webhooks' },
      ],
    },
  },
} satisfies PipelineConfig;
