import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import { runUploads } from '../../scripts/kit/run/run-uploads.js';
import { summaryRows } from '../../scripts/kit/run/summary-table.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';

const fixtures = new URL('../../fixtures/images/', import.meta.url).pathname;

describe('npm run local on a small image folder', () => {
  let target: Awaited<ReturnType<typeof startEmbeddedTarget>>;
  let images: string;
  beforeAll(async () => {
    ensureSynth(process.cwd(), 'dev', { quiet: true });
    images = mkdtempSync(join(tmpdir(), 'kit-local-'));
    mkdirSync(join(images, 'hostile'));
    copyFileSync(join(fixtures, 'photo-640x480.jpg'), join(images, 'photo-640x480.jpg'));
    copyFileSync(join(fixtures, 'hostile', 'truncated.jpg'), join(images, 'hostile', 'truncated.jpg'));
    copyFileSync(join(fixtures, 'hostile', 'text-named.png'), join(images, 'hostile', 'text-named.png'));
    // The Terraform's visibility timeout (360 s): a hostile image must reach the DLQ on its first receive.
    target = await startEmbeddedTarget({ stack: 'dev' });
  });
  afterAll(async () => {
    await target.stop();
    rmSync(images, { recursive: true, force: true });
  });

  it('matches the good image against its goldens and ends the hostile ones in a 4xx or the DLQ with their reason', { timeout: 60_000 }, async () => {
    const runs = await runUploads({ target, imagesDir: images, timeoutMs: 45_000 });
    expect(runs.map((r) => [r.file, r.pass])).toEqual([
      ['photo-640x480.jpg', true],
      ['hostile/text-named.png', true],
      ['hostile/truncated.jpg', true],
    ]);
    const [good, textNamed, truncated] = runs;
    expect(good?.golden).toHaveLength(6);
    expect(good?.golden.every((g) => g.comparison?.match)).toBe(true);
    // The table shows how long the good image took, and no time for the hostile ones.
    expect(summaryRows(runs).map((row) => [row.image, /^\d+$/.test(row.ms), row.result])).toEqual([
      ['photo-640x480.jpg', true, 'outputs'],
      ['hostile/text-named.png', false, 'rejected 415'],
      ['hostile/truncated.jpg', false, 'dead-letter'],
    ]);
    expect(textNamed?.answer).toMatchObject({ accepted: false, status: 415 });
    expect(truncated?.outcome).toMatchObject({ kind: 'dead-letter', via: 'function', reason: expect.stringMatching(/^CorruptImage: images\/.*truncated\.jpg: .*truncated or corrupt/) });
    expect(truncated?.note).toBe((truncated?.outcome as { reason: string }).reason);
    expect(target.kit.faults.all()).toEqual([]); // nothing went wrong in the kit itself
  });
});
