import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget } from '../../scripts/kit/run/embedded-target.js';
import { runExitCode } from '../../scripts/kit/run/run-exit-code.js';
import { runUploads } from '../../scripts/kit/run/run-uploads.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { repoRoot } from '../kit/support.js';

const fixtures = join(repoRoot, 'fixtures', 'images');

/**
 * What `npm run local -- --stack direct|state-machine` makes of an upload that is lost or whose
 * outputs differ from the goldens (the process function misbehaving on purpose, in its sandbox):
 * both fail, and the run's exit status is 1.
 */
describe.each(['direct', 'state-machine'])('npm run local -- --stack %s: a lost upload and a golden mismatch', (stack) => {
  let dir: string;
  let target: Awaited<ReturnType<typeof startEmbeddedTarget>>;
  beforeAll(async () => {
    ensureSynth(repoRoot, stack, { quiet: true });
    dir = mkdtempSync(join(tmpdir(), `kit-${stack}-verdicts-`));
    mkdirSync(join(dir, 'state'));
    mkdirSync(join(dir, 'images'));
    for (const file of ['photo-640x480.jpg', 'alpha-600x400.png']) copyFileSync(join(fixtures, file), join(dir, 'images', file));
    // The wrapper leaves this one alone.
    mkdirSync(join(dir, 'untouched'));
    copyFileSync(join(fixtures, 'grey-640x480.jpg'), join(dir, 'untouched', 'grey-640x480.jpg'));
    target = await startEmbeddedTarget({
      stack,
      faultLog: 'silent',
      handlerWrappers: { process: new URL('./support/tampering-handler.ts', import.meta.url).pathname },
      extraFunctionEnv: { KIT_TEST_STATE_DIR: join(dir, 'state'), KIT_TEST_LOSE: 'alpha-600x400', KIT_TEST_TAMPER: 'photo-640x480' },
    });
  });
  afterAll(async () => {
    await target?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails both images, says why, and exits 1', { timeout: 90_000 }, async () => {
    const runs = await runUploads({ target, imagesDir: join(dir, 'images'), timeoutMs: 12_000 });

    expect(runs.map((r) => [r.file, r.verdict])).toEqual([
      ['alpha-600x400.png', 'fail'],
      ['photo-640x480.jpg', 'fail'],
    ]);
    const [lost, differs] = runs;
    expect(lost?.outcome?.kind).toBe('lost');
    expect(lost?.note).toMatch(/^lost: \d+ outputs never appeared and nothing reached the dead-letter queue/);
    expect(differs?.outcome?.kind).toBe('outputs');
    expect(differs?.note).toMatch(/^golden mismatch: /);
    expect(runExitCode(runs, target.faults?.() ?? [])).toBe(1);
    if (stack === 'state-machine') {
      // The lost one's execution succeeded all the same: the function answered ok without writing.
      expect(lost?.executions?.map((e) => e.status)).toEqual(['SUCCEEDED']);
      expect(runs.map((r) => r.entry)).toEqual(['POST /uploads', 'POST /executions']);
    } else {
      expect(lost?.executions).toBeUndefined();
    }
  });

  it('passes an image the function handles honestly, and exits 0', { timeout: 90_000 }, async () => {
    const runs = await runUploads({ target, imagesDir: join(dir, 'untouched'), timeoutMs: 30_000 });
    expect(runs.map((r) => [r.file, r.verdict, r.outcome?.kind])).toEqual([['grey-640x480.jpg', 'pass', 'outputs']]);
    expect(runExitCode(runs, target.faults?.() ?? [])).toBe(0);
  });
});
