import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import { peekQueue } from '../../scripts/kit/run/peek-queue.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import { judgeImage } from '../../scripts/kit/run/run-uploads.js';
import type { Kit } from '../../scripts/kit/start-kit.js';
import { parseWebhookSecret } from '../../scripts/kit/webhooks/webhook-secret.js';
import { subscriptions } from './after-stack.js';
import { afterStepsKitOptions, image, uploadAndCheck } from './after-steps-kit.js';

const small = image('exif-orientation-1.jpg');

describe('after-processing steps on the kit: queue trigger, metadata table, archive, two webhook subscribers', () => {
  let target: RunTarget & { kit: Kit };
  let kit: Kit;

  beforeAll(async () => {
    target = await startEmbeddedTarget({ ...afterStepsKitOptions('dev', { metadata: 'table', archiveSuffixes: ['.jpg'], webhookTimeoutMs: 1000, maxReceiveCount: 2 }), notifyVisibilityTimeoutSeconds: 1 });
    kit = target.kit;
  }, 90_000);
  afterAll(async () => {
    await target?.stop();
  });

  const recordsOf = async (key: string) =>
    (await kit.dynamo!.client.send(new QueryCommand({ TableName: kit.plan.dynamoTables[0]!.name, KeyConditionExpression: 'sourceKey = :k', ExpressionAttributeValues: { ':k': { S: key } } }))).Items ?? [];

  it('builds the table, the parameters and the receivers from the synthesized JSON, and says what it changed', () => {
    expect(kit.plan.coverage.emulated.filter((a) => /^aws_(dynamodb_table|ssm_parameter)\./.test(a)).sort()).toEqual(['aws_dynamodb_table.metadata', 'aws_ssm_parameter.webhook_secret_cms', 'aws_ssm_parameter.webhook_secret_orders_app']);
    expect(kit.plan.dynamoTables[0]).toMatchObject({ hashKey: { name: 'sourceKey', type: 'S' }, rangeKey: { name: 'etag', type: 'S' } });
    // Each parameter holds a secret generated for this run, in the contract's format.
    for (const name of kit.ssm!.names()) {
      const secret = parseWebhookSecret(kit.ssm!.get(name)!);
      expect(secret).toMatchObject({ signingSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
      expect(kit.secrets.get(name)).toEqual(secret);
    }
    expect(kit.webhooks.all().map((r) => r.subscriptionId).sort()).toEqual(subscriptions.map((s) => s.id).sort());
    expect(kit.notes.filter((n) => n.includes('webhook'))).toHaveLength(3);
    expect(kit.notes.find((n) => n.startsWith('aws_sqs_queue.notify:'))).toContain('visibility timeout 90s -> 1s');
  });

  it('gives one record, one archive and one verified delivery per subscriber to a processed image', async () => {
    const key = 'images/after/one.jpg';
    const { outcome, after } = await uploadAndCheck(target, key, small);
    expect(outcome.kind).toBe('outputs');
    expect(after.problems).toEqual([]);
    expect(after.metadata?.state).toBe('ok');
    expect(after.archive?.state).toBe('ok');
    expect(after.deliveries?.map((d) => [d.subscriptionId, d.delivered, d.unverified])).toEqual([
      ['orders-app', 1, []],
      ['cms', 1, []],
    ]);
    expect(await recordsOf(key)).toHaveLength(1);
  });

  it('gives a failed image none of them', async () => {
    const key = 'images/after/truncated.jpg';
    const { outcome, after } = await uploadAndCheck(target, key, image('hostile/truncated.jpg'));
    expect(outcome.kind).toBe('dead-letter');
    expect(after.problems).toEqual([]);
    expect([after.metadata?.state, after.archive?.state, after.deliveries?.map((d) => d.attempts)]).toEqual(['none', 'none', [0, 0]]);
    expect(await recordsOf(key)).toHaveLength(0);
  });

  it('retries a delivery answered 500 through the notify queue, with the same webhook-id', async () => {
    kit.webhooks.get('cms').answerWith(500, 200);
    const key = 'images/after/retried.jpg';
    const { after } = await uploadAndCheck(target, key, small);
    expect(after.problems).toEqual([]);
    const cms = after.deliveries!.find((d) => d.subscriptionId === 'cms')!;
    expect([cms.attempts, cms.delivered, cms.webhookIds.length]).toEqual([2, 1, 1]);
    const statuses = kit.webhooks.get('cms').deliveries.filter((d) => d.webhookId === cms.webhookIds[0]).map((d) => d.status);
    expect(statuses).toEqual([500, 200]);
  });

  it('fails the image when a subscriber refused its delivery (401: to the notify DLQ, no delivery)', async () => {
    kit.webhooks.get('orders-app').answerWith(401);
    const key = 'images/after/refused.jpg';
    const { outcome, after } = await uploadAndCheck(target, key, small);
    kit.webhooks.get('orders-app').answerWith(200);
    expect(after.problems).toEqual(['webhook orders-app: no verified delivery (1 attempt)']);
    const dlq = await peekQueue(kit.clients.sqs, kit.queueUrl(kit.plan.queues.find((q) => q.address === 'aws_sqs_queue.notify_dlq')!.name));
    expect(dlq.some((m) => m.attributes.ErrorCode === 'WebhookRejected' && m.attributes.HttpStatus === '401')).toBe(true);
    const verdict = judgeImage({ hostile: false, answer: { accepted: true, status: 201, key, outputs: [], at: 0 }, outcome, golden: [], noGolden: 'test', after });
    expect(verdict).toMatchObject({ verdict: 'fail', note: expect.stringContaining('after processing: webhook orders-app: no verified delivery') });
  });
});
