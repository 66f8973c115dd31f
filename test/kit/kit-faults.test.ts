import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitFault } from '../../scripts/kit/kit-faults.js';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import { OutcomeTracker } from '../../scripts/kit/run/outcome-tracker.js';
import { judgeImage } from '../../scripts/kit/run/run-uploads.js';
import type { Kit } from '../../scripts/kit/start-kit.js';
import { pipelineResources } from '../../scripts/kit/terraform/pipeline-resources.js';
import { repoRoot, synthesizedStack } from './support.js';

/** Resolves with the first fault that `matches`, however many come before it. */
function nextFault(kit: Kit, matches: (fault: KitFault) => boolean): Promise<KitFault> {
  return new Promise((resolve) => {
    const listener = (fault: KitFault): void => {
      if (!matches(fault)) return;
      kit.faults.off('fault', listener);
      resolve(fault);
    };
    kit.faults.on('fault', listener);
  });
}

describe('the kit when its queue is gone', () => {
  let target: Awaited<ReturnType<typeof startEmbeddedTarget>>;
  const logged: KitFault[] = [];
  beforeAll(async () => {
    // Short long-polls, so that the mapping's receive meets the deleted queue at once.
    target = await startEmbeddedTarget({ tfJson: synthesizedStack(), repoRoot, prewarm: false, pollWaitSeconds: 1, faultLog: (fault) => logged.push(fault) });
  });
  afterAll(() => target.stop());

  it('ends an upload whose notification could not be sent as undelivered at once, with SQS\'s error, logged and counted', async () => {
    const { kit } = target;
    const { queue: maybeQueue, uploadsBucket } = pipelineResources(kit.plan);
    const queue = maybeQueue!;
    await kit.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: kit.queueUrl(queue.name) }));
    const key = 'images/gone/photo.jpg';
    const routerFault = nextFault(kit, (f) => f.source === 'router');
    const pollerFault = nextFault(kit, (f) => f.source === 'poller');
    await kit.clients.s3.send(new PutObjectCommand({ Bucket: uploadsBucket.name, Key: key, Body: 'bytes' }));

    // A deadline far away: the outcome must come from the fault, not from waiting it out.
    const tracker = new OutcomeTracker(target, { deadlineAt: Date.now() + 600_000 });
    const outcome = await tracker.track(key, ['gone/photo/thumb.webp']);
    tracker.stop();

    expect(outcome).toEqual({ kind: 'undelivered', reason: expect.stringMatching(/queue does not exist/i) });
    expect(judgeImage({ hostile: false, answer: { accepted: true, status: 201, key, outputs: [], at: 0 }, outcome, golden: [], preset: 'default' })).toEqual({ verdict: 'fail', pass: false, note: expect.stringMatching(/^its notification never reached the queue: .*does not exist/i) });
    expect(await routerFault).toMatchObject({ source: 'router', action: `SendMessage to ${queue.arn}`, object: { bucket: uploadsBucket.name, key } });
    expect(await pollerFault).toMatchObject({ source: 'poller', action: expect.stringMatching(new RegExp(`^ReceiveMessage from ${queue.name} \\(failure 1 in a row, next try in \\d+ ms\\)$`)) });
    expect(logged).toEqual(expect.arrayContaining([await routerFault, await pollerFault]));
    expect(target.faults?.()).toEqual(logged);
  });
});
