import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../functions/core/index.js';
import { goldenKeyContext, goldenSpec, sourceKeyFor } from '../../scripts/golden/index.js';
import { checkUploadAgainstGoldens } from '../../scripts/kit/run/golden-check.js';
import { reportOutputsDir, writeLocalReport } from '../../scripts/kit/run/html-report.js';
import { describeOutput } from '../../scripts/kit/run/output-images.js';
import { judgeImage, type ImageRun } from '../../scripts/kit/run/run-uploads.js';
import type { UploadOutcome } from '../../scripts/kit/run/outcome-tracker.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { runLocal } from '../kit/local-process.js';
import { repoRoot } from '../kit/support.js';
import { brokenImages, closeBrowser, fileUrl, newPage, type PageImage } from './browser.js';

const fixtures = join(repoRoot, 'fixtures', 'images');
const spec = goldenSpec('default');
const uploadKey = (file: string): string => `images/2026/12/02/0f74522d-32ac-4c8d-8680-00be817d980d-${basename(file)}`;

afterAll(() => closeBrowser());

describe('npm run local on your own photos, and its report in Chromium', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof runLocal>>;
  beforeAll(async () => {
    ensureSynth(repoRoot, 'dev', { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'local-own-photos-'));
    const photos = join(dir, 'photos');
    mkdirSync(photos);
    // A photo that is not a fixture (a fixture's bytes under another name), a fixture, and a file that is no image.
    copyFileSync(join(fixtures, 'photo-640x480.jpg'), join(photos, 'holiday.jpg'));
    copyFileSync(join(fixtures, 'photo-640x480.jpg'), join(photos, 'photo-640x480.jpg'));
    writeFileSync(join(photos, 'notes.pdf'), '%PDF-1.4');
    run = await runLocal(['--images', photos, '--report', join(dir, 'report')]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('processes a photo without goldens to a neutral verdict, compares the fixture, skips the non-image and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/│ holiday\.jpg +│ no golden +│ outputs +│ 6\/6 +│ \d+ +│ - +│ processed, no golden \(not one of the fixtures\)/);
    expect(run.stdout).toMatch(/│ photo-640x480\.jpg +│ pass +│ outputs +│ 6\/6 +│ \d+ +│ 6\/6 +│ 6 outputs match the default goldens/);
    expect(run.stdout).toContain('2 of 2 images as expected, 1 of them processed with no golden to compare');
    expect(run.stdout).not.toContain('golden:update');
    expect(run.stderr).toContain('skipped 1 file that is not an image by content: notes.pdf');
  });

  it("writes a report whose images all load, with each photo's key in full and a contact sheet of its outputs", async (context) => {
    const page = await newPage(context);
    await page.goto(fileUrl(join(dir, 'report', 'index.html')));

    expect(await brokenImages(page)).toEqual([]);
    expect(await page.locator('tbody td.verdict').allTextContents()).toEqual(['no golden', 'pass']);
    const holiday = page.locator('tbody tr', { hasText: 'holiday.jpg' });
    expect(await holiday.locator('.key-line').textContent()).toMatch(/^key images\/\d{4}\/\d\d\/\d\d\/[0-9a-f-]{36}-holiday\.jpg$/);
    expect(await holiday.locator('figcaption').allTextContents()).toEqual([
      expect.stringMatching(/^thumb\.webp200x200, \d+\.\d KB$/),
      expect.stringMatching(/^thumb\.jpg200x200, \d+\.\d KB$/),
      expect.stringMatching(/^medium\.webp640x480, /),
      expect.stringMatching(/^medium\.jpg640x480, /),
      expect.stringMatching(/^large\.webp640x480, /),
      expect.stringMatching(/^large\.jpg640x480, /),
    ]);
    const thumbs = await holiday.locator('.sheet img').evaluateAll((images) => images.map((i) => (i as unknown as PageImage).naturalWidth));
    expect(thumbs).toEqual([200, 200, 640, 640, 640, 640]);
    expect(await page.locator('body').textContent()).toContain('Not uploaded (not images by their content): notes.pdf');
    // The outputs in the report are the ones the pipeline wrote: its thumb.jpg is a JPEG of 200x200.
    const thumbFile = await holiday.locator('.sheet a').nth(1).getAttribute('href');
    expect((await readFile(join(dir, 'report', decodeURIComponent(thumbFile!)))).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });
});

describe('the local report with failures (written from real outputs)', () => {
  let dir: string;
  let report: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-report-'));
    const outputs = reportOutputsDir(dir);
    const processed = async (fixture: string, name: string) => {
      const result = await processImage(await readFile(join(fixtures, fixture)), { ...goldenKeyContext, sourceKey: sourceKeyFor(name), spec });
      return { bodies: result.outputs.map((o) => o.body), images: await Promise.all(result.outputs.map((o) => describeOutput(o.key, o.body, outputs))) };
    };
    const accepted = (name: string, keys: readonly string[]) => ({ accepted: true as const, status: 201, key: uploadKey(name), outputs: keys, at: 0 });
    const reached: UploadOutcome = { kind: 'outputs', doneAt: 1 };
    const image = async (file: string, fixture: string, golden: 'compare' | 'none'): Promise<ImageRun> => {
      const { bodies, images } = await processed(fixture, file);
      // `swapped.jpg` is the grey fixture's outputs checked against the photo's goldens: a real mismatch.
      const checks = golden === 'compare' ? await checkUploadAgainstGoldens(spec, 'default', 'photo-640x480.jpg', bodies) : [];
      const answer = accepted(file, images.map((i) => i.key));
      const judged = judgeImage({ hostile: false, answer, outcome: reached, golden: checks, preset: 'default', ...(golden === 'none' ? { noGolden: 'not one of the fixtures' } : {}) });
      return { file, hostile: false, answer, outcome: reached, ms: 900, outputImages: images, golden: checks, ...judged };
    };
    const deadLettered = (file: string, hostile: boolean): ImageRun => {
      const answer = accepted(file, ['x/thumb.webp']);
      const outcome: UploadOutcome = { kind: 'dead-letter', via: 'function', reason: `CorruptImage: ${uploadKey(file)}: the image data is truncated or corrupt`, doneAt: 1 };
      return { file, hostile, answer, outcome, outputImages: [], golden: [], ...judgeImage({ hostile, answer, outcome, golden: [] }) };
    };
    const runs = [
      await image('photo-640x480.jpg', 'photo-640x480.jpg', 'compare'),
      await image('holiday.jpg', 'photo-800x600.webp', 'none'),
      await image('swapped.jpg', 'grey-640x480.jpg', 'compare'),
      deadLettered('broken.jpg', false),
      deadLettered('hostile/truncated.jpg', true),
    ];
    report = await writeLocalReport(dir, runs, { target: 'embedded', summary: ['embedded emulator at http://127.0.0.1:1'] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts failing rows first, links each golden mismatch to its diff, and every image loads', async (context) => {
    const page = await newPage(context);
    await page.goto(fileUrl(report));

    expect(await page.locator('h1').textContent()).toBe('npm run local (embedded): 2 failing, 1 without golden, 2 passing of 5');
    expect(await page.locator('tbody td.verdict').allTextContents()).toEqual(['FAIL', 'FAIL', 'no golden', 'pass', 'pass']);
    expect(await page.locator('tbody td.image > code').allTextContents()).toEqual(['swapped.jpg', 'broken.jpg', 'holiday.jpg', 'photo-640x480.jpg', 'hostile/truncated.jpg']);
    expect(await brokenImages(page)).toEqual([]);

    const swapped = page.locator('tbody tr', { hasText: 'swapped.jpg' });
    const diffLinks = swapped.locator('a', { hasText: /^diff of / });
    expect(await diffLinks.allTextContents()).toEqual(['diff of thumb.webp', 'diff of thumb.jpg', 'diff of medium.webp', 'diff of medium.jpg', 'diff of large.webp', 'diff of large.jpg']);
    const diffPage = await newPage(context);
    for (const href of await diffLinks.evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href))) {
      await diffPage.goto(href);
      expect(await diffPage.locator('img').evaluate((i) => (i as unknown as PageImage).naturalWidth), href).toBeGreaterThan(0);
    }
    // "expected and actual" opens the golden report at that output's row.
    const comparison = swapped.locator('a', { hasText: 'expected and actual' }).first();
    await comparison.click();
    expect(page.url()).toMatch(/golden\/index\.html#default_photo-640x480_thumb\.webp$/);
    expect(await page.locator('tr:target td.verdict').textContent()).toBe('FAIL');
    expect(await brokenImages(page)).toEqual([]);
  });

  it('shows the whole dead-letter reason and the key, and the key to the verdicts and columns', async (context) => {
    const page = await newPage(context);
    await page.goto(fileUrl(report));

    const broken = page.locator('tbody tr', { hasText: 'broken.jpg' });
    expect(await broken.locator('td.reason').textContent()).toBe(`CorruptImage: ${uploadKey('broken.jpg')}: the image data is truncated or corrupt`);
    expect(await broken.locator('.key-line').textContent()).toBe(`key ${uploadKey('broken.jpg')}`);
    expect(await page.locator('dl.key dt').allTextContents()).toEqual(['FAIL', 'no golden', 'pass', 'written', 'ms', 'golden']);
    expect(existsSync(join(dir, 'golden', 'index.html'))).toBe(true);
  });
});
