import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildS3EventRecord } from '../../scripts/kit/router/s3-event-record.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { bucketOf, drainQueue, endVisibilityTimeoutOfFailures, fixtureImage, processedCount, putUpload, queuesOf, recordActivity, uploadAsOneBatch } from './support/kit-helpers.js';

/** The output writes (bucket/key -> ETags in write order) under an output folder. */
function writesUnder(writes: Map<string, string[]>, outputs: string, folder: string): [string, string[]][] {
  return [...writes].filter(([key]) => key.startsWith(`${outputs}/${folder}`));
}

describe('failures on the embedded emulator', () => {
  let kit: Kit;
  let stateDir: string;
  let activity: ReturnType<typeof recordActivity>;
  let queue: string;
  let dlq: string;
  const good = fixtureImage('photo-640x480.jpg');

  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    stateDir = mkdtempSync(join(tmpdir(), 'kit-e2e-'));
    // The stack as declared (visibility timeout, batching window, batch size); one sandbox, so batches run one at a time.
    kit = await startKit({
      stack: 'dev',
      handlerWrappers: { process: new URL('./support/misbehaving-handler.ts', import.meta.url).pathname },
      extraFunctionEnv: { KIT_TEST_STATE_DIR: stateDir },
      maxWorkersPerFunction: 1,
    });
    activity = recordActivity(kit);
    endVisibilityTimeoutOfFailures(kit);
    ({ queue, dlq } = queuesOf(kit));
    await kit.waitForIdle();
  });
  afterAll(async () => {
    await kit.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('moves a hostile image to the dead-letter queue on its first receive, with its reason as message attributes, while its batch mates succeed', { timeout: 60_000 }, async () => {
    const hostile = 'images/e2e/hostile/truncated.jpg';
    const mates = ['images/e2e/hostile-mate-1/photo.jpg', 'images/e2e/hostile-mate-2/photo.jpg'];
    await uploadAsOneBatch(kit, [[mates[0]!, good], [hostile, fixtureImage('hostile/truncated.jpg')], [mates[1]!, good]]);
    await kit.waitForIdle({ timeoutMs: 45_000 });

    const withHostile = activity.batches.filter((b) => b.bodies.some((body) => body.includes('e2e/hostile/truncated')));
    expect(withHostile).toHaveLength(1); // no retries: a truncated image never gets better
    const batch = withHostile[0]!;
    expect(batch.messageIds).toHaveLength(3);
    expect(batch.outcome).toBe('succeeded'); // the moved message is deleted from the queue with its mates
    for (const mate of mates) expect(processedCount(kit, mate)).toBe(1);

    const dead = await drainQueue(kit, dlq);
    expect(dead).toHaveLength(1);
    const hostileIndex = batch.bodies.findIndex((body) => body.includes('e2e/hostile/truncated'));
    expect(dead[0]!.body).toBe(batch.bodies[hostileIndex]);
    expect(dead[0]!.attributes).toEqual({
      ErrorCode: 'CorruptImage',
      ErrorMessage: expect.stringMatching(/^images\/e2e\/hostile\/truncated\.jpg: .*truncated or corrupt/),
      SourceKey: hostile,
      SourceBucket: bucketOf(kit, 'uploads'),
      SourceMessageId: batch.messageIds[hostileIndex],
      FailedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ApproximateReceiveCount: '1',
    });
  });

  it('still redrives a retryable failure to the dead-letter queue after maxReceiveCount receives, without attributes', { timeout: 60_000 }, async () => {
    // A notification naming a bucket that does not exist: S3 answers NoSuchBucket, an error the
    // function cannot tell from a transient one, so it throws and SQS redelivers it.
    const key = 'images/e2e/retryable/photo.jpg';
    const record = buildS3EventRecord({ bucket: 'imgpipe-dev-vanished-bucket', key, eventName: 'ObjectCreated:Put', size: good.length, time: new Date(), requestId: 'GONE', sourceIp: '127.0.0.1' }, 'images-jpg', kit.region);
    await kit.clients.sqs.send(new SendMessageCommand({ QueueUrl: kit.queueUrl(queue), MessageBody: JSON.stringify({ Records: [record] }) }));
    await kit.waitForIdle({ timeoutMs: 45_000 });

    const deliveries = activity.batches.filter((b) => b.bodies.some((body) => body.includes('e2e/retryable/')));
    expect(deliveries.flatMap((b) => b.receiveCounts)).toEqual([1, 2, 3]); // maxReceiveCount in the Terraform
    expect(deliveries.map((b) => b.outcome)).toEqual(['failed', 'failed', 'failed']); // alone in its batch: FullBatchFailureError
    const dead = await drainQueue(kit, dlq);
    expect(dead.map((m) => JSON.parse(m.body).Records[0].s3.object.key)).toEqual([key]);
    expect(dead[0]!.attributes).toEqual({});
    expect(kit.runner.logs.errorFor(key)?.reason).toMatch(/bucket/i);
  });

  it('redelivers only the record that failed mid-batch; the others are deleted', { timeout: 60_000 }, async () => {
    const keys = ['images/e2e/partial/a.jpg', 'images/e2e/partial/fail-once.jpg', 'images/e2e/partial/c.jpg'];
    await uploadAsOneBatch(kit, keys.map((k) => [k, good] as const));
    await kit.waitForIdle({ timeoutMs: 30_000 });

    const [first, ...retried] = activity.batches.filter((b) => b.bodies.some((body) => body.includes('e2e/partial/')));
    expect(first).toMatchObject({ outcome: 'partial', messageIds: expect.objectContaining({ length: 3 }) });
    expect(first!.failedIds).toHaveLength(1);
    expect(retried.flatMap((b) => b.messageIds)).toEqual(first!.failedIds);
    expect(retried.flatMap((b) => b.receiveCounts)).toEqual([2]);
    for (const key of keys) expect(processedCount(kit, key)).toBe(1);
    expect(await drainQueue(kit, dlq)).toEqual([]);
  });

  it('gives a crashed sandbox its whole batch back once the visibility timeout ends, with identical outputs after redelivery', { timeout: 60_000 }, async () => {
    const keys = ['images/e2e/crash/before.jpg', 'images/e2e/crash/crash-once.jpg', 'images/e2e/crash/after.jpg'];
    await uploadAsOneBatch(kit, keys.map((k) => [k, good] as const));
    await kit.waitForIdle({ timeoutMs: 30_000 });

    const [first, ...redelivered] = activity.batches.filter((b) => b.bodies.some((body) => body.includes('e2e/crash/')));
    expect(first).toMatchObject({ outcome: 'failed', messageIds: expect.objectContaining({ length: 3 }), invocation: { error: { errorType: 'Runtime.ExitError' } } });
    expect(redelivered.flatMap((b) => b.messageIds).sort()).toEqual([...first!.messageIds].sort());
    expect(redelivered.flatMap((b) => b.receiveCounts)).toEqual([2, 2, 2]);

    // The two records processed before the crash are written again, byte for byte; the third once.
    const outputs = writesUnder(activity.writes, bucketOf(kit, 'outputs'), 'e2e/crash/');
    expect(outputs).toHaveLength(keys.length * 6);
    for (const [, etags] of outputs) expect(new Set(etags).size).toBe(1);
    expect(outputs.filter(([, etags]) => etags.length === 2).map(([key]) => key.split('/').at(-2)).sort()).toEqual([...Array(6).fill('after'), ...Array(6).fill('before')]);
  });

  it('leaves identical outputs when the same notification is delivered twice', { timeout: 60_000 }, async () => {
    const key = 'images/e2e/duplicate/photo.jpg';
    await putUpload(kit, key, good);
    await kit.waitForIdle({ timeoutMs: 30_000 });
    const record = buildS3EventRecord({ bucket: bucketOf(kit, 'uploads'), key, eventName: 'ObjectCreated:Put', size: good.length, time: new Date(), requestId: 'DUP', sourceIp: '127.0.0.1' }, 'images-jpg', kit.region);
    await kit.clients.sqs.send(new SendMessageCommand({ QueueUrl: kit.queueUrl(queue), MessageBody: JSON.stringify({ Records: [record] }) }));
    await kit.waitForIdle({ timeoutMs: 30_000 });

    expect(processedCount(kit, key)).toBe(2);
    const outputs = writesUnder(activity.writes, bucketOf(kit, 'outputs'), 'e2e/duplicate/');
    expect(outputs).toHaveLength(6);
    for (const [, etags] of outputs) {
      expect(etags).toHaveLength(2);
      expect(etags[0]).toBe(etags[1]);
    }
  });
});
