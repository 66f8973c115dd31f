import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { runLocal } from '../kit/local-process.js';
import { repoRoot } from '../kit/support.js';
import { imagesFolder } from './support/images-folder.js';

const stack = 'outputs-in-uploads-bucket';

describe(`npm run local -- --stack ${stack} (an example, one bucket, IAM-guarded API)`, () => {
  let dir: string;
  beforeAll(() => {
    ensureSynth(repoRoot, stack, { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'kit-example-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('judges the uploads against the goldens of its preset, writes the report and exits 0 when all end as expected', { timeout: 120_000 }, async () => {
    const images = imagesFolder(dir, 'good', ['photo-640x480.jpg', 'alpha-600x400.png'], ['truncated.jpg']);
    const report = join(dir, 'report-good');
    const { code, stdout, stderr } = await runLocal(['--stack', stack, '--images', images, '--report', report, '--timeout', '90']);

    expect(code, `${stdout}\n${stderr}`).toBe(0);
    // The stack's own buckets and API: its resources carry the example's prefix, and its uploads are not signed locally.
    expect(stderr).toMatch(/^queue imgpipe-onebucket-dev-process:/m);
    expect(stderr).toContain('local: POST /uploads uses IAM auth (SigV4) on AWS; the kit does not check signatures, so this run sends its uploads unsigned');
    expect(stdout).toMatch(/│ alpha-600x400\.png +│ pass +│ outputs +│ 1\/1 .*1 output match the seed-contain400 goldens/);
    expect(stdout).toMatch(/│ photo-640x480\.jpg +│ pass +│ outputs +│ 1\/1 .*1 output match the seed-contain400 goldens/);
    expect(stdout).toMatch(/│ hostile\/truncated\.jpg +│ pass +│ dead-letter /);
    expect(stdout).toContain('3 of 3 images as expected');
    expect(readFileSync(join(report, 'index.html'), 'utf8')).toContain('<title>npm run local (embedded): 0 failing, 0 without golden, 3 passing of 3</title>');
  });

  it('exits 1 when a good-looking image is dead-lettered, as the default stack does', { timeout: 120_000 }, async () => {
    // A truncated JPEG at the top of the folder is an image by its content, so it is expected to reach its outputs.
    const images = imagesFolder(dir, 'bad', ['hostile/truncated.jpg']);
    const { code, stdout, stderr } = await runLocal(['--stack', stack, '--images', images, '--report', join(dir, 'report-bad'), '--timeout', '90']);

    expect(code, `${stdout}\n${stderr}`).toBe(1);
    expect(stdout).toMatch(/│ truncated\.jpg +│ FAIL +│ dead-letter /);
    expect(stdout).toContain('0 of 1 images as expected');
  });
});
