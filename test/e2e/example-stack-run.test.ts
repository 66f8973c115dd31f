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

  // One run of the real CLI (a process and a kit with its sandboxes each): the top-level truncated.jpg is an image by its content, so it is expected to reach its outputs; its dead letter makes the exit 1.
  it('judges the uploads against the goldens of its preset, writes the report, fails a good-looking image that is dead-lettered and exits 1', { timeout: 120_000 }, async () => {
    // photo-800x600.webp: a format this stack's suffixes (.jpg .jpeg .png) leave out, refused with a 415 as configured.
    const images = imagesFolder(dir, 'mixed', ['photo-640x480.jpg', 'alpha-600x400.png', 'photo-800x600.webp', 'hostile/truncated.jpg'], ['truncated.jpg']);
    const report = join(dir, 'report');
    const { code, stdout, stderr } = await runLocal(['--stack', stack, '--images', images, '--report', report, '--timeout', '90']);

    expect(code, `${stdout}\n${stderr}`).toBe(1);
    // The stack's own buckets and API: its resources carry the example's prefix, and its uploads are not signed locally.
    expect(stderr).toMatch(/^queue imgpipe-onebucket-dev-process:/m);
    expect(stderr).toContain('local: POST /uploads uses IAM auth (SigV4) on AWS; the kit does not check signatures, so this run sends its uploads unsigned');
    expect(stdout).toMatch(/│ alpha-600x400\.png +│ pass +│ outputs +│ 1\/1 .*1 output match the seed-contain400 goldens/);
    expect(stdout).toMatch(/│ photo-640x480\.jpg +│ pass +│ outputs +│ 1\/1 .*1 output match the seed-contain400 goldens/);
    expect(stdout).toMatch(/│ hostile\/truncated\.jpg +│ pass +│ dead-letter /);
    expect(stdout).toMatch(/│ truncated\.jpg +│ FAIL +│ dead-letter /);
    expect(stdout).toMatch(/│ photo-800x600\.webp +│ pass +│ rejected 415 /);
    expect(stdout).toContain('4 of 5 images as expected');
    expect(readFileSync(join(report, 'index.html'), 'utf8')).toContain('<title>npm run local (embedded): 1 failing, 0 without golden, 4 passing of 5</title>');
  });
});
