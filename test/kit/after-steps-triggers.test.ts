import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import type { Kit } from '../../scripts/kit/start-kit.js';
import { afterStepsKitOptions, image, uploadAndCheck } from './after-steps-kit.js';

const small = image('exif-orientation-1.jpg');

// The direct and EventBridge triggers with the metadata as objects (the queue trigger with the table: after-steps-queue.test.ts).
describe.each(['direct', 'state-machine'] as const)('after-processing steps on the kit: the %s stack, metadata objects', (base) => {
  let target: RunTarget & { kit: Kit };

  beforeAll(async () => {
    target = await startEmbeddedTarget(afterStepsKitOptions(base, { metadata: 'object', archiveSuffixes: ['.jpg'] }));
  }, 90_000);
  afterAll(async () => {
    await target?.stop();
  });

  it('gives a processed image its record object, its archive and one verified delivery per subscriber, and a failed one none', async () => {
    const key = 'images/after/one.jpg';
    const good = await uploadAndCheck(target, key, small);
    expect(good.outcome.kind).toBe('outputs');
    expect(good.after.problems).toEqual([]);
    expect([good.after.metadata?.state, good.after.archive?.state, good.after.deliveries?.map((d) => d.delivered)]).toEqual(['ok', 'ok', [1, 1]]);
    const record = await target.s3.send(new GetObjectCommand({ Bucket: target.outputsBucket, Key: 'metadata/after/one.jpg.json' }));
    expect(JSON.parse(await record.Body!.transformToString())).toMatchObject({ source: { key, bucket: target.uploadsBucket } });

    const bad = await uploadAndCheck(target, 'images/after/truncated.jpg', image('hostile/truncated.jpg'));
    expect(bad.outcome.kind).toBe('dead-letter');
    expect(bad.after.problems).toEqual([]);
    expect([bad.after.metadata?.state, bad.after.archive?.state, bad.after.deliveries?.map((d) => d.attempts)]).toEqual(['none', 'none', [0, 0]]);
  });
});
