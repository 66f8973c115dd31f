/**
 * Webhook deliveries per second through the local notify path: fauxqs notify queue -> the kit's
 * event source poller -> the notify handler (in this process, secrets from the local SSM endpoint,
 * cached) -> a receiver on 127.0.0.1 that checks the token and verifies each signature. The path is
 * the one the notify tests drive (test/functions/notify/notify-harness.ts), so bench and tests
 * measure and check the same thing. Medians of several runs; asserts nothing.
 */
import { NotifyHarness } from '../../test/functions/notify/notify-harness.js';
import { newWebhookSecret, notifyMessage } from '../../test/functions/notify/notify-messages.js';
import { WebhookReceiver } from '../kit/webhooks/webhook-receiver.js';
import { benchTable } from './table.js';
import type { BenchPart } from './types.js';
import { median } from './stats.js';

const runs = 5;
const messagesPerRun = 300;
/** Concurrent batches of the event source mapping (Lambda scales up to the mapping's maximum concurrency). */
const concurrencies = [1, 5] as const;


/** One run: `messagesPerRun` messages sent (ten per call) and delivered; deliveries per second from the first send to the last delivery. */
async function deliveriesPerSecond(maxConcurrency: number): Promise<{ perSecond: number; verified: number }> {
  const secret = newWebhookSecret();
  const receiver = new WebhookReceiver('orders-app', secret, '/hooks/images');
  await receiver.listen();
  const notify = await NotifyHarness.start({ subscriptions: [{ id: 'orders-app', url: receiver.endpoint, secret }], maxConcurrency, batchSize: 10 });
  try {
    const messages = Array.from({ length: messagesPerRun }, (_, i) => notifyMessage('orders-app', `images/bench/photo-${i}.jpg`));
    const started = performance.now();
    await notify.sendAll(messages);
    await receiver.waitForDeliveries(messagesPerRun);
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: messagesPerRun / seconds, verified: receiver.accepted().length };
  } finally {
    await notify.stop();
    await receiver.close();
  }
}

export const webhooksBench: BenchPart = {
  name: 'webhooks',
  description: 'webhook deliveries per second through the local notify path (fauxqs queue -> poller -> notify handler -> local receiver)',
  async run() {
    const table = benchTable(['concurrent batches', 'runs', 'deliveries per run', 'median deliveries/s', 'min', 'max', 'verified']);
    for (const concurrency of concurrencies) {
      const results = [];
      for (let run = 0; run < runs; run++) results.push(await deliveriesPerSecond(concurrency));
      const rates = results.map((r) => r.perSecond);
      const verified = results.every((r) => r.verified === messagesPerRun) ? 'all' : `MISSING ${results.map((r) => messagesPerRun - r.verified).join('/')}`;
      table.push([concurrency, runs, messagesPerRun, median(rates).toFixed(0), Math.min(...rates).toFixed(0), Math.max(...rates).toFixed(0), verified]);
    }
    console.log(table.toString());
  },
};
