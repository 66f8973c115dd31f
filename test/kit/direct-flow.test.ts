import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envNames } from '../../config/function-env.js';
import { outputKeysFor } from '../../functions/core/index.js';
import { decodeS3Key } from '../../functions/events/index.js';
import { parseDestinationRecord } from '../../scripts/kit/lambda/destination-record.js';
import type { AsyncOutcome } from '../../scripts/kit/lambda/lambda-runner.js';
import { readDeadLetter } from '../../scripts/kit/run/dead-letter-message.js';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import { OutcomeTracker } from '../../scripts/kit/run/outcome-tracker.js';
import { peekQueue } from '../../scripts/kit/run/peek-queue.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import type { Kit } from '../../scripts/kit/start-kit.js';
import { pipelineResources, processingSpecOf } from '../../scripts/kit/terraform/pipeline-resources.js';
import { flakyDirectKit } from './direct-stack.js';

const image = (name: string): Buffer => readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url));
const photo = image('photo-640x480.jpg');

describe('the direct trigger end to end on the embedded kit (S3 -> process function, asynchronously)', () => {
  let target: RunTarget & { kit: Kit };
  let kit: Kit;
  const settled: AsyncOutcome[] = [];
  const { options, cleanup } = flakyDirectKit({ retryAttempts: 1 });

  beforeAll(async () => {
    target = await startEmbeddedTarget(options);
    kit = target.kit;
    kit.runner.on('asyncSettled', (outcome) => settled.push(outcome));
  }, 60_000);
  afterAll(async () => {
    await target?.stop();
    cleanup();
  });

  /** The decoded key of the S3 record an asynchronous event carries. */
  const keyOf = (outcome: AsyncOutcome): string | undefined => {
    const encoded = (outcome.event as { Records?: { s3: { object: { key: string } } }[] }).Records?.[0]?.s3.object.key;
    return encoded === undefined ? undefined : decodeS3Key(encoded);
  };

  /** Resolves with the outcome of the asynchronous event S3 sends for `key` (registered before the upload). */
  function settledFor(key: string): Promise<AsyncOutcome> {
    return new Promise((resolve) => {
      const onSettled = (outcome: AsyncOutcome): void => {
        if (keyOf(outcome) !== key) return;
        kit.runner.off('asyncSettled', onSettled);
        resolve(outcome);
      };
      kit.runner.on('asyncSettled', onSettled);
    });
  }

  async function upload(key: string, body: Buffer): Promise<AsyncOutcome> {
    const outcome = settledFor(key);
    await kit.clients.s3.send(new PutObjectCommand({ Bucket: target.uploadsBucket, Key: key, Body: body }));
    return outcome;
  }

  const expectedOutputs = (key: string): string[] => {
    const fn = pipelineResources(kit.plan).processFunction;
    return outputKeysFor(key, processingSpecOf(fn), { triggerPrefix: fn.environment[envNames.triggerPrefix] ?? '', outputPrefix: fn.environment[envNames.outputPrefix] ?? '' });
  };

  async function followed(key: string) {
    const tracker = new OutcomeTracker(target, { deadlineAt: Date.now() + 30_000 });
    try {
      return await tracker.track(key, expectedOutputs(key));
    } finally {
      tracker.stop();
    }
  }

  it('processes an upload through one asynchronous invocation and writes every output', async () => {
    const key = 'images/direct/photo-640x480.jpg';
    const outcome = await upload(key, photo);
    expect(outcome).toMatchObject({ result: 'succeeded', trigger: 's3' });
    expect(outcome.attempts.map((a) => [a.ok, a.invocationType])).toEqual([[true, 'Event']]);
    expect(await followed(key)).toMatchObject({ kind: 'outputs' });
  });

  it("keeps the key of an upload with a space, a +, an apostrophe and unicode through S3's encoding", async () => {
    const key = "images/trip 2026/l'été+1 ünï.jpg";
    const outcome = await upload(key, photo);
    expect(outcome.result).toBe('succeeded');
    expect(expectedOutputs(key)[0]).toMatch(/^trip 2026\/l'été\+1 ünï\//);
    expect(await followed(key)).toMatchObject({ kind: 'outputs' });
  });

  it('sends a bad image to the DLQ at once with its reason, in one invocation, and the run view shows why', async () => {
    const key = 'images/bad uploads/truncated.jpg';
    const outcome = await upload(key, image('hostile/truncated.jpg'));
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.result).toBe('succeeded');
    const messages = (await peekQueue(kit.clients.sqs, target.dlqUrl)).filter((m) => m.attributes.SourceRequestId === outcome.requestId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.attributes).toMatchObject({ ErrorCode: 'CorruptImage', SourceKey: key, SourceBucket: target.uploadsBucket });
    expect(await followed(key)).toEqual({ kind: 'dead-letter', via: 'function', reason: expect.stringMatching(/^CorruptImage: images\/bad uploads\/truncated\.jpg: .*truncated or corrupt/), doneAt: expect.any(Number) });
  });

  it('retries a transient failure and then succeeds: two invocations, the outputs, nothing in the DLQ', async () => {
    const key = 'images/fail-once/photo-640x480.jpg';
    const outcome = await upload(key, photo);
    expect(outcome.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(outcome.attempts[0]?.error?.errorMessage).toMatch(/transient failure/);
    expect(new Set(outcome.attempts.map((a) => a.requestId))).toEqual(new Set([outcome.requestId]));
    expect(await followed(key)).toMatchObject({ kind: 'outputs' });
    expect((await peekQueue(kit.clients.sqs, target.dlqUrl)).flatMap((m) => readDeadLetter(m).keys)).not.toContain(key);
  });

  it("gives up on an event that always fails after retries+1 invocations, with Lambda's destination record in the DLQ", async () => {
    const key = 'images/always-fails/photo 1.jpg';
    const outcome = await upload(key, photo);
    expect(outcome.attempts).toHaveLength(2);
    expect(outcome).toMatchObject({ result: 'destination', condition: 'RetriesExhausted' });
    expect(keyOf(outcome)).toBe(key);

    const records = (await peekQueue(kit.clients.sqs, target.dlqUrl)).map((m) => parseDestinationRecord(m.body)).filter((r) => r?.requestContext.requestId === outcome.requestId);
    expect(records).toEqual([
      {
        version: '1.0',
        timestamp: expect.any(String),
        requestContext: { requestId: outcome.requestId, functionArn: `${pipelineResources(kit.plan).processFunction.arn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 2 },
        requestPayload: { Records: [expect.objectContaining({ eventSource: 'aws:s3', s3: expect.objectContaining({ object: expect.objectContaining({ key: 'images/always-fails/photo+1.jpg' }) }) })] },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'simulated outage', trace: expect.any(Array) },
      },
    ]);
    expect(await followed(key)).toEqual({ kind: 'dead-letter', via: 'destination', reason: 'Error: simulated outage (RetriesExhausted after 2 attempts)', doneAt: expect.any(Number) });
  });

  it('starts nothing for a key outside the prefix or the suffixes (S3 compares them case-sensitively)', async () => {
    const before = settled.length;
    for (const key of ['other/photo.jpg', 'images/photo.txt', 'images/photo.JpG']) {
      await kit.clients.s3.send(new PutObjectCommand({ Bucket: target.uploadsBucket, Key: key, Body: photo }));
    }
    // Object events are routed in order: once this later upload has settled, the ones before it were routed too.
    await upload('images/after-the-others.jpg', photo);
    expect(settled.slice(before).map(keyOf)).toEqual(['images/after-the-others.jpg']);
  });
});
