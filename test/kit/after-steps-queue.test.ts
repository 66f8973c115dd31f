import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envNames, webhookSecretParameterName } from '../../config/function-env.js';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import { peekQueue } from '../../scripts/kit/run/peek-queue.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import { judgeImage } from '../../scripts/kit/run/run-uploads.js';
import type { Kit } from '../../scripts/kit/start-kit.js';
import type { TfJson } from '../../scripts/kit/terraform/tf-json.js';
import { subscriptions } from './after-stack.js';
import { afterStepsKitOptions, image, uploadAndCheck } from './after-steps-kit.js';
import { resourcesOf } from './support.js';

const small = image('exif-orientation-1.jpg');

describe('after-processing steps on the kit: queue trigger, metadata table, archive, two webhook subscribers', () => {
  let target: RunTarget & { kit: Kit };
  let kit: Kit;
  let tf: TfJson;

  beforeAll(async () => {
    const options = afterStepsKitOptions('dev', { metadata: 'table', archiveSuffixes: ['.jpg'], webhookTimeoutSeconds: 1, maxReceiveCount: 2 });
    tf = options.tfJson!;
    target = await startEmbeddedTarget({ ...options, notifyVisibilityTimeoutSeconds: 1 });
    kit = target.kit;
  }, 90_000);
  afterAll(async () => {
    await target?.stop();
  });

  const recordsOf = async (key: string) =>
    (await kit.dynamo!.client.send(new QueryCommand({ TableName: kit.plan.dynamoTables[0]!.name, KeyConditionExpression: 'sourceKey = :k', ExpressionAttributeValues: { ':k': { S: key } } }))).Items ?? [];

  const notifyFunction = () => kit.plan.functions.find((f) => f.pipelineFunction === 'notify')!;
  /** The queue the notify function's mapping reads, as the Terraform declares it. */
  const notifyQueue = () => kit.plan.queues.find((q) => q.name === kit.plan.eventSourceMappings.find((m) => m.functionName === notifyFunction().name)!.queueName)!;

  it('builds the table, the parameters and the receivers from the synthesized JSON, and says what it changed', () => {
    const declared = (type: string) => Object.keys(resourcesOf(tf, type)).map((name) => `${type}.${name}`);
    expect(declared('aws_ssm_parameter')).toHaveLength(subscriptions.length);
    expect(kit.plan.coverage.emulated.filter((a) => /^aws_(dynamodb_table|ssm_parameter)\./.test(a)).sort()).toEqual([...declared('aws_dynamodb_table'), ...declared('aws_ssm_parameter')].sort());
    expect(kit.plan.dynamoTables[0]).toMatchObject({ name: 'imgpipe-dev-metadata', hashKey: { name: 'sourceKey', type: 'S' }, rangeKey: { name: 'etag', type: 'S' } });
    // Each subscription's parameter holds a secret generated for this run, in the contract's format.
    expect(kit.ssm!.names().sort()).toEqual(subscriptions.map((s) => webhookSecretParameterName('imgpipe-dev', s.id)).sort());
    for (const name of kit.ssm!.names()) {
      const secret: unknown = JSON.parse(kit.ssm!.get(name)!);
      expect(secret).toMatchObject({ signingSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
      expect(kit.secrets.get(name)).toEqual(secret);
    }
    expect(kit.webhooks.all().map((r) => r.subscriptionId).sort()).toEqual(subscriptions.map((s) => s.id).sort());
    expect(kit.notes.filter((n) => n.includes('webhook'))).toHaveLength(3);
    const declaredVisibility = resourcesOf(tf, 'aws_sqs_queue')[notifyQueue().address.replace(/^aws_sqs_queue\./, '')]!.visibility_timeout_seconds;
    expect(kit.notes).toContain(`${notifyQueue().address}: visibility timeout ${String(declaredVisibility)}s -> 1s (locally, so that a retried webhook delivery does not wait)`);
  });

  it('gives one record, one archive and one verified delivery per subscriber to a processed image', async () => {
    const key = 'images/after/one.jpg';
    const { outcome, after, outputs } = await uploadAndCheck(target, key, small);
    expect(outcome.kind).toBe('outputs');
    expect(after.problems).toEqual([]);
    expect(after.metadata?.state).toBe('ok');
    expect(after.archive?.state).toBe('ok');
    expect(after.deliveries?.map((d) => [d.subscriptionId, d.delivered, d.unverified])).toEqual([
      ['orders-app', 1, []],
      ['cms', 1, []],
    ]);
    // The record names every output the image got.
    const [item] = await recordsOf(key);
    expect(item?.outputs?.L?.map((o) => o.M?.key?.S).sort()).toEqual([...outputs].sort());
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
    const dlq = await peekQueue(kit.clients.sqs, notifyFunction().environment[envNames.notifyDeadLetterQueueUrl]!);
    // The notify function says who refused what, and why.
    expect(dlq.map((m) => m.attributes)).toContainEqual(expect.objectContaining({ ErrorCode: 'WebhookRejected', HttpStatus: '401', SubscriptionId: 'orders-app', SourceKey: key, ErrorMessage: expect.stringContaining('401') }));
    const verdict = judgeImage({ hostile: false, answer: { accepted: true, status: 201, key, outputs: [], at: 0 }, outcome, golden: [], noGolden: 'test', after });
    expect(verdict).toMatchObject({ verdict: 'fail', note: expect.stringContaining('after processing: webhook orders-app: no verified delivery') });
  });
});
