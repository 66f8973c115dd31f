import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEvent } from '../../scripts/kit/replay/replay-event.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { eventFixtures } from '../support/event-fixtures.js';

const imagesDir = new URL('../../fixtures/images', import.meta.url).pathname;
const sharedEvents = new URL('../../fixtures/events/', import.meta.url);
const kitEvents = new URL('./fixtures/events/', import.meta.url);
const read = (dir: URL, file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const hostileKeys = (keys: readonly string[]) => keys.filter((k) => /truncated|corrupt|bomb/.test(k));

describe('replaying captured events through the kit', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    kit = await startKit({ stack: 'dev' });
  });
  afterAll(() => kit.stop());

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
    expect(summary.outputs).toHaveLength((expected.keys.length - bad.length) * 6);
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
    expect(summary.outputs).toEqual(expect.arrayContaining(['a+b (1)/photo-800x600/thumb.webp']));
  });

  it('decodes nested and unicode keys of a direct S3 event and names a source object that does not exist', { timeout: 60_000 }, async () => {
    const summary = await replayEvent(kit, read(kitEvents, 's3-put-nested-unicode-missing.json'), { imagesDir });
    expect(summary.records).toBe(3);
    expect(summary.processed).toEqual(['images/deep/a/b/c/d/e/photo-640x480.jpg', 'images/emoji 😀 & co/grey-640x480.jpg']);
    expect(summary.failed).toEqual([{ key: 'images/missing/not-there.jpg', reason: expect.any(String) }]);
    expect(summary.outputs).toEqual(expect.arrayContaining(['deep/a/b/c/d/e/photo-640x480/large.jpg', 'emoji 😀 & co/grey-640x480/thumb.webp']));
  });
});
