import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envNames } from '../../config/function-env.js';
import { outputKeysFor } from '../../functions/core/index.js';
import { replayEvent } from '../../scripts/kit/replay/replay-event.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { pipelineResources, processingSpecOf } from '../../scripts/kit/terraform/pipeline-resources.js';
import { eventFixtures, uploadedFixture } from '../support/event-fixtures.js';
import { s3Event, s3Record } from '../support/events.js';

const imagesDir = new URL('../../fixtures/images', import.meta.url).pathname;
const sharedEvents = new URL('../../fixtures/events/', import.meta.url);
const kitEvents = new URL('./fixtures/events/', import.meta.url);
const read = (dir: URL, file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const hostileKeys = (keys: readonly string[]) => keys.filter((k) => /truncated|corrupt|bomb/.test(k));

describe('replaying captured events through the kit', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    // The wrapper drops records naming `normaliser-drops-this` (a stand-in for a normaliser bug) and passes every other event as it is.
    kit = await startKit({ stack: 'dev', handlerWrappers: { process: new URL('./fixtures/handlers/drop-records.ts', import.meta.url).pathname } });
  });
  afterAll(() => kit.stop());

  /** The output keys the stack's processing spec gives these source keys. */
  const outputsOf = (keys: readonly string[]): string[] => {
    const fn = pipelineResources(kit.plan).processFunction;
    const context = { triggerPrefix: fn.environment[envNames.triggerPrefix] ?? '', outputPrefix: fn.environment[envNames.outputPrefix] ?? '' };
    return keys.flatMap((key) => outputKeysFor(key, processingSpecOf(fn), context)).sort();
  };

  const files = readdirSync(sharedEvents).filter((f) => f.endsWith('.json'));
  it('covers every sample event in fixtures/events', () => {
    expect(files.sort()).toEqual(Object.keys(eventFixtures).sort());
  });

  it.each(files)('%s: processes the keys it names, ignores what it should, fails only hostile images', { timeout: 60_000 }, async (file) => {
    const expected = eventFixtures[file]!;
    const summary = await replayEvent(kit, read(sharedEvents, file), { imagesDir });
    const bad = hostileKeys(expected.keys);
    expect(summary.processed).toEqual(expected.keys.filter((k) => !bad.includes(k)));
    expect(summary.failed.map((f) => f.key)).toEqual(bad);
    for (const failure of summary.failed) expect(failure.reason).toMatch(/truncated or corrupt/);
    expect(summary.ignored.map((i) => i.key)).toEqual((expected.ignoredKeys ?? []).map((k) => k ?? null));
    expect([...summary.outputs].sort()).toEqual(outputsOf(summary.processed));
  });

  it('reports the captured message id of a hostile SQS record as moved to the DLQ with its reason, and outputs for the good one', { timeout: 60_000 }, async () => {
    const summary = await replayEvent(kit, read(kitEvents, 'sqs-one-good-one-truncated.json'), { imagesDir });
    expect(summary).toMatchObject({
      records: 2,
      processed: ['images/a+b (1)/photo-800x600.webp'],
      failed: [{ key: 'images/bad/truncated.png', reason: expect.stringMatching(/truncated or corrupt/) }],
      batchItemFailures: [],
      deadLettered: [{ messageId: '00000005-0000-4000-8000-000000000000', code: 'CorruptImage', reason: expect.stringMatching(/^images\/bad\/truncated\.png: .*truncated or corrupt/) }],
    });
    expect([...summary.outputs].sort()).toEqual(outputsOf(['images/a+b (1)/photo-800x600.webp']));
  });

  it('decodes nested and unicode keys of a direct S3 event and names a source object that does not exist', { timeout: 60_000 }, async () => {
    const summary = await replayEvent(kit, read(kitEvents, 's3-put-nested-unicode-missing.json'), { imagesDir });
    expect(summary.records).toBe(3);
    expect(summary.processed).toEqual(['images/deep/a/b/c/d/e/photo-640x480.jpg', 'images/emoji 😀 & co/grey-640x480.jpg']);
    expect(summary.failed).toEqual([{ key: 'images/missing/not-there.jpg', reason: expect.any(String) }]);
    expect([...summary.outputs].sort()).toEqual(outputsOf(summary.processed));
    expect(summary.outputs).toEqual(expect.arrayContaining(['deep/a/b/c/d/e/photo-640x480/large.jpg', 'emoji 😀 & co/grey-640x480/thumb.webp']));
  });

  it('reports an object the event names and the function silently dropped as failed, not as processed', { timeout: 60_000 }, async () => {
    const kept = uploadedFixture('images/kept/photo-640x480.jpg');
    const dropped = uploadedFixture('images/normaliser-drops-this/grey-640x480.jpg');
    const summary = await replayEvent(kit, s3Event(s3Record(kept), s3Record(dropped)), { imagesDir });
    expect(summary.processed).toEqual([kept.key]);
    expect(summary.failed).toEqual([{ key: dropped.key, reason: 'named by the event, but the function neither processed, failed nor ignored it' }]);
  });
});
