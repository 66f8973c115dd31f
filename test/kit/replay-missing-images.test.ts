import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { replayEvent } from '../../scripts/kit/replay/replay-event.js';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { repoRoot } from './support.js';

const imagesDir = new URL('../../fixtures/images', import.meta.url).pathname;
const eventFile = new URL('./fixtures/events/s3-put-nested-unicode-missing.json', import.meta.url).pathname;

describe('npm run replay with an object the images folder lacks', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(repoRoot, 'dev', { quiet: true });
    kit = await startKit({ stack: 'dev', prewarm: false });
  });
  afterAll(() => kit.stop());

  it('warns about it by key and file name before the event is delivered', { timeout: 60_000 }, async () => {
    const happened: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => happened.push(String(chunk)) > 0);
    // The replay of an S3 event invokes the process function directly.
    kit.runner.on('invocationStart', ({ trigger }) => void (trigger === 'direct' && happened.push('delivered')));
    try {
      const summary = await replayEvent(kit, JSON.parse(readFileSync(eventFile, 'utf8')), { imagesDir });
      expect(summary.failed.map((f) => f.key)).toEqual(['images/missing/not-there.jpg']);
    } finally {
      stderr.mockRestore();
    }

    expect(happened).toEqual([
      `warning: s3://imgpipe-dev-uploads-123456789012/images/missing/not-there.jpg: no file named not-there.jpg in ${imagesDir} or below it; the event is delivered without that object\n`,
      'delivered',
    ]);
  });

  it('refuses an --images folder that does not exist', () => {
    const replay = spawnSync('npm', ['run', '--silent', 'replay', '--', eventFile, '--images', 'fixtures/imgs'], { cwd: repoRoot, encoding: 'utf8' });

    expect(replay.status).toBe(2);
    expect(replay.stderr).toMatch(/^--images fixtures\/imgs: no such folder\n/);
  });
});
