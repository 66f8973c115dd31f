import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { runLocal } from '../kit/local-process.js';
import { repoRoot } from '../kit/support.js';
import { imagesFolder } from './support/images-folder.js';

describe('npm run local -- --stack direct (S3 invokes the process function, no queue)', () => {
  let dir: string;
  beforeAll(() => {
    ensureSynth(repoRoot, 'direct', { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'kit-direct-run-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // One run of the real CLI (each costs a process and a kit with its sandboxes): the top-level truncated.jpg looks like a good image, so the exit is 1.
  it('matches the default goldens, dead-letters the hostile file with its reason, fails a good-looking one that is dead-lettered, exits 1', { timeout: 120_000 }, async () => {
    const images = imagesFolder(dir, 'good', ['photo-640x480.jpg', 'alpha-600x400.png', 'hostile/truncated.jpg'], ['truncated.jpg']);
    const report = join(dir, 'report');
    const { code, stdout, stderr } = await runLocal(['--stack', 'direct', '--images', images, '--report', report, '--timeout', '90']);

    expect(code, `${stdout}\n${stderr}`).toBe(1);
    expect(stderr).toMatch(/^imgpipe-direct-dev-process invoked asynchronously by S3: 2 retries/m);
    expect(stdout).toMatch(/│ alpha-600x400\.png +│ pass +│ outputs +│ 6\/6 .*│ metadata ok +│ 6 outputs match the default/);
    expect(stdout).toMatch(/│ photo-640x480\.jpg +│ pass +│ outputs +│ 6\/6 .*│ metadata ok +│ 6 outputs match the default/);
    // The function moved it at once with its reason (no queue, no redrive).
    expect(stdout).toMatch(/│ hostile\/truncated\.jpg +│ pass +│ dead-letter +│ 0\/6 .*│ CorruptImage:/);
    expect(stdout).toMatch(/│ truncated\.jpg +│ FAIL +│ dead-letter /);
    // The direct example keeps a metadata item per processed image (DynamoDB, on dynalite locally), none for a failed one.
    expect(stdout).toMatch(/│ hostile\/truncated\.jpg +│ pass +│ dead-letter +│ 0\/6 .*│ metadata none +│/);
    expect(stdout).not.toContain('executions:');
    expect(stdout).toContain('3 of 4 images as expected');
    expect(readFileSync(join(report, 'index.html'), 'utf8')).toContain('<title>npm run local (embedded): 1 failing, 0 without golden, 3 passing of 4</title>');
  });
});

describe('npm run local -- --stack state-machine (S3 -> EventBridge -> Step Functions, and POST /executions)', () => {
  let dir: string;
  beforeAll(() => {
    ensureSynth(repoRoot, 'state-machine', { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'kit-sfn-run-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends half the images in through each API, matches the seed-width500 goldens, dead-letters the hostile files, fails a good-looking one whose execution failed, exits 1', { timeout: 120_000 }, async () => {
    // truncated.jpg at the top looks like a good image (third of the good ones: through POST /uploads, where the API refuses nothing it cannot decode).
    const images = imagesFolder(dir, 'good', ['photo-640x480.jpg', 'alpha-600x400.png', 'hostile/truncated.jpg'], ['text-named.png', 'truncated.jpg']);
    const { code, stdout, stderr } = await runLocal(['--stack', 'state-machine', '--images', images, '--report', join(dir, 'report-good'), '--timeout', '90']);

    expect(code, `${stdout}\n${stderr}`).toBe(1);
    expect(stderr).toContain('state machine imgpipe-sfn-dev-process started by the EventBridge rule imgpipe-sfn-dev-uploads and by POST /executions');
    // Alternating within the good and the hostile files: the first of each through POST /uploads, the second seeded and started.
    expect(stdout).toMatch(/│ alpha-600x400\.png +│ pass +│ outputs +│ POST \/uploads +│ SUCCEEDED +│ 1\/1 .*1 output match the/);
    expect(stdout).toMatch(/│ photo-640x480\.jpg +│ pass +│ outputs +│ POST \/executions +│ SUCCEEDED +│ 1\/1 .*1 output match the/);
    expect(stdout).toMatch(/│ hostile\/text-named\.png +│ pass +│ rejected 415 +│ POST \/uploads +│ - +│/);
    // Seeded, it bypasses the upload API's checks: its execution fails in the Fail state, and the failed-executions rule dead-letters it.
    expect(stdout).toMatch(/│ hostile\/truncated\.jpg +│ pass +│ dead-letter +│ POST \/executions +│ FAILED \(CorruptImage\) +│ 0\/1 .*│ execution +│/);
    expect(stdout).toMatch(/│ +│ +│ \(execution\) +│ +│ +│/);
    expect(stdout).toContain('in via: 3 uploaded with POST /uploads (bucket -> EventBridge -> execution), 2 seeded into the bucket with notifications muted (as objects there before the pipeline) and started with POST /executions');
    expect(stdout).toMatch(/│ truncated\.jpg +│ FAIL +│ dead-letter +│ POST \/uploads +│ FAILED \(CorruptImage\) /);
    expect(stdout).toContain('executions: 2 succeeded, 2 failed');
    expect(stdout).toContain('4 of 5 images as expected');
  });
});
