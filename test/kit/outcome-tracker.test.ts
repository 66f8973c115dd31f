import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { OutcomeTracker } from '../../scripts/kit/run/outcome-tracker.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import { judgeImage } from '../../scripts/kit/run/run-uploads.js';

/** A target without write times (as LocalStack): outputs are looked up with HeadObject, answered by `head`. */
function targetWhoseHeadObject(head: (key: string) => Promise<unknown>): RunTarget {
  const s3 = { send: (command: unknown) => (command instanceof HeadObjectCommand ? head(command.input.Key ?? '') : Promise.reject(new Error('unexpected'))) } as unknown as S3Client;
  return { outputsBucket: 'out', s3, peekDeadLetters: async () => [], failureReason: () => undefined } as unknown as RunTarget;
}

const s3Error = (name: string, message: string, status: number): Error => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('following an upload to its outputs', () => {
  it('finds outputs that exist', async () => {
    const tracker = new OutcomeTracker(targetWhoseHeadObject(async () => ({})), { deadlineAt: Date.now() + 60_000, intervalMs: 1 });
    expect(await tracker.track('images/a.jpg', ['a/thumb.webp'])).toMatchObject({ kind: 'outputs' });
    tracker.stop();
  });

  it('counts only NotFound as a missing output', async () => {
    const tracker = new OutcomeTracker(targetWhoseHeadObject(() => Promise.reject(s3Error('NotFound', 'UnknownError', 404))), { deadlineAt: Date.now() - 1, intervalMs: 1 });
    expect(await tracker.track('images/a.jpg', ['a/thumb.webp'])).toEqual({ kind: 'lost', missing: ['a/thumb.webp'] });
    tracker.stop();
  });

  it('says why it could not look, instead of calling an output it may not read missing', async () => {
    const tracker = new OutcomeTracker(targetWhoseHeadObject(() => Promise.reject(s3Error('AccessDenied', 'Access Denied', 403))), { deadlineAt: Date.now() - 1, intervalMs: 1 });
    const outcome = await tracker.track('images/a.jpg', ['a/thumb.webp']);
    tracker.stop();
    expect(outcome).toEqual({ kind: 'lost', missing: ['a/thumb.webp'], checkError: 'AccessDenied: Access Denied' });
    expect(judgeImage({ hostile: false, answer: { accepted: true, status: 201, key: 'images/a.jpg', outputs: ['a/thumb.webp'], at: 0 }, outcome, golden: [], preset: 'default' }).note).toContain('(the last check failed: AccessDenied: Access Denied)');
  });

  describe('when the pipeline goes quiet before the deadline', () => {
    const missing = () => Promise.reject(s3Error('NotFound', 'UnknownError', 404));
    const farDeadline = () => Date.now() + 600_000;

    it('calls what is still missing lost once the target has been quiet for quietMs, not at the deadline', async () => {
      const target = { ...targetWhoseHeadObject(missing), isQuiet: async () => true } as RunTarget;
      const tracker = new OutcomeTracker(target, { deadlineAt: farDeadline(), intervalMs: 1, quietMs: 5 });
      const outcome = await tracker.track('images/a.jpg', ['a/thumb.webp']);
      tracker.stop();
      expect(outcome).toEqual({ kind: 'lost', missing: ['a/thumb.webp'], quiet: true });
      expect(judgeImage({ hostile: false, answer: { accepted: true, status: 201, key: 'images/a.jpg', outputs: ['a/thumb.webp'], at: 0 }, outcome, golden: [], preset: 'default' }).note).toContain(
        'nothing reached the dead-letter queue (the pipeline went quiet: nothing was running or waiting)',
      );
    });

    it('keeps waiting while the target is busy, and finds outputs written meanwhile', async () => {
      let checks = 0;
      const head = async () => (++checks > 20 ? {} : missing());
      const target = { ...targetWhoseHeadObject(head), isQuiet: async () => checks > 30 } as RunTarget;
      const tracker = new OutcomeTracker(target, { deadlineAt: farDeadline(), intervalMs: 1, quietMs: 5 });
      expect(await tracker.track('images/a.jpg', ['a/thumb.webp'])).toMatchObject({ kind: 'outputs' });
      tracker.stop();
    });

    it('does not count a target that cannot say whether it is quiet', async () => {
      const target = { ...targetWhoseHeadObject(missing), isQuiet: () => Promise.reject(new Error('GetQueueAttributes failed')) } as RunTarget;
      const tracker = new OutcomeTracker(target, { deadlineAt: Date.now() + 50, intervalMs: 1, quietMs: 5 });
      expect(await tracker.track('images/a.jpg', ['a/thumb.webp'])).toEqual({ kind: 'lost', missing: ['a/thumb.webp'] });
      tracker.stop();
    });
  });
});
