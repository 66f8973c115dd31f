import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../../scripts/kit/lambda/lambda-runner.js';
import { replayEvent } from '../../scripts/kit/replay/replay-event.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { uploadedFixture } from '../support/event-fixtures.js';
import { s3Event, s3Record } from '../support/events.js';
import { flakyDirectKit } from './direct-stack.js';

const imagesDir = new URL('../../fixtures/images', import.meta.url).pathname;

describe('replaying an S3 notification on a direct stack', () => {
  let kit: Kit;
  const invocations: InvocationRecord[] = [];
  const { options, cleanup } = flakyDirectKit({ retryAttempts: 1 });
  beforeAll(async () => {
    kit = await startKit(options);
    kit.runner.on('invocation', (record) => invocations.push(record));
  }, 60_000);
  afterAll(async () => {
    await kit?.stop();
    cleanup();
  });

  it('invokes asynchronously, as S3 would, and lists the bad image the function moved to the DLQ', { timeout: 60_000 }, async () => {
    const good = uploadedFixture('images/replayed/photo-640x480.jpg');
    const bad = uploadedFixture('images/replayed bad/truncated.jpg', 'hostile/truncated.jpg');
    const before = invocations.length;
    const summary = await replayEvent(kit, s3Event(s3Record(good), s3Record(bad)), { imagesDir });

    expect(invocations.slice(before).map((i) => [i.invocationType, i.trigger])).toEqual([['Event', 's3']]);
    expect(summary).toMatchObject({
      records: 2,
      processed: [good.key],
      failed: [{ key: bad.key, reason: expect.stringMatching(/truncated or corrupt/) }],
      deadLettered: [{ messageId: invocations.at(-1)?.requestId, code: 'CorruptImage', key: bad.key, reason: expect.stringMatching(/truncated or corrupt/) }],
    });
  });

  it("counts Lambda's destination record in deadLettered once the retries are exhausted", { timeout: 60_000 }, async () => {
    const doomed = uploadedFixture('images/always-fails/photo-640x480.jpg');
    const before = invocations.length;
    const summary = await replayEvent(kit, s3Event(s3Record(doomed)), { imagesDir });

    const attempts = invocations.slice(before);
    expect(attempts.map((i) => i.ok)).toEqual([false, false]);
    expect(summary.processed).toEqual([]);
    expect(summary.failed).toEqual([{ key: doomed.key, reason: expect.stringMatching(/^Error: simulated outage \(2 attempt\(s\), sent to the on-failure destination\)$/) }]);
    expect(summary.deadLettered).toEqual([{ messageId: attempts[0]?.requestId, code: 'Error', reason: 'simulated outage' }]);
  });
});
