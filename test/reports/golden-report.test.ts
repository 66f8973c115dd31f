import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareImages, goldenPath, updateGoldenReport, writeGoldenReport, type GoldenResult } from '../../scripts/golden/index.js';
import { brokenImages, closeBrowser, fileUrl, newPage, type PageImage } from './browser.js';

const golden = (preset: string, key: string): Promise<Buffer> => readFile(goldenPath(preset, key));
const cardThumb = await golden('default', 'exif-orientation-6/thumb.jpg');
const photoLarge = await golden('default', 'photo-1920x1280/large.jpg');
const photoThumb = await golden('default', 'photo-1920x1280/thumb.webp');

describe('the golden report (reports/golden/index.html)', () => {
  let dir: string;
  let results: GoldenResult[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'golden-report-'));
    const rotated = await sharp(cardThumb).rotate(90).jpeg().toBuffer();
    results = [
      { name: 'default/photo/large.jpg', comparison: await compareImages(photoLarge, photoLarge), expected: photoLarge, actual: photoLarge },
      { name: 'default/card/thumb.jpg', comparison: await compareImages(cardThumb, rotated), expected: cardThumb, actual: rotated },
      { name: 'default/missing.webp', error: 'no golden file', actual: photoThumb },
    ];
  });
  afterAll(async () => {
    await closeBrowser();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists failures first, each with expected, actual and diff that load; a passing row opens to show expected and actual', async (context) => {
    const report = await writeGoldenReport(path.join(dir, 'golden'), results);
    const page = await newPage(context);
    await page.goto(fileUrl(report.file));

    expect(await page.locator('h1').textContent()).toBe('Golden images: 2 failing of 3');
    expect(await page.locator('tbody tr td.verdict').allTextContents()).toEqual(['FAIL', 'FAIL', 'pass']);
    expect(await brokenImages(page)).toEqual([]);
    const rotatedRow = page.locator('tr', { hasText: 'default/card/thumb.jpg' });
    expect(await rotatedRow.locator('img').evaluateAll((images) => images.map((i) => (i as unknown as PageImage).alt))).toEqual([
      'expected of default/card/thumb.jpg',
      'actual of default/card/thumb.jpg',
      'diff of default/card/thumb.jpg',
    ]);
    expect(await rotatedRow.textContent()).toMatch(/\d+\.\d\d% of pixels differ/);
    const missingRow = page.locator('tr', { hasText: 'default/missing.webp' });
    expect(await missingRow.textContent()).toContain('no golden file');
    expect(await missingRow.locator('img').count()).toBe(1);

    const passing = page.locator('tr.pass');
    const expected = passing.locator('img[alt="expected of default/photo/large.jpg"]');
    expect(await expected.isVisible()).toBe(false);
    await passing.locator('summary').click();
    expect(await expected.isVisible()).toBe(true);
    expect(await passing.locator('img[alt="actual of default/photo/large.jpg"]').isVisible()).toBe(true);
    expect(await passing.locator('img').evaluateAll((images) => images.map((i) => (i as unknown as PageImage).naturalWidth))).toEqual([1600, 1600]);
  });

  it('writes each picture in a format a browser shows, keeping JPEG and WebP as they are', async () => {
    const report = await writeGoldenReport(path.join(dir, 'files'), results);

    expect(report.entries.map((e) => [e.folder, e.expected, e.actual, e.diff])).toEqual([
      ['default_card_thumb.jpg', 'expected.jpg', 'actual.jpg', 'diff.png'],
      ['default_missing.webp', undefined, 'actual.webp', undefined],
      ['default_photo_large.jpg', 'expected.jpg', 'actual.jpg', undefined],
    ]);
    expect((await readFile(path.join(dir, 'files', 'default_photo_large.jpg', 'actual.jpg'))).equals(photoLarge)).toBe(true);
    expect((await readdir(path.join(dir, 'files', 'default_card_thumb.jpg'))).sort()).toEqual(['actual.jpg', 'diff.png', 'expected.jpg']);
  });

  it('is removed by a run whose goldens all match, so it never shows failures that were fixed', async () => {
    const reportDir = path.join(dir, 'update');
    const failing = await updateGoldenReport(reportDir, results);
    expect(failing?.file).toBe(path.join(reportDir, 'index.html'));
    expect(existsSync(path.join(reportDir, 'index.html'))).toBe(true);

    const fixed = await updateGoldenReport(reportDir, [results[0]!]);

    expect(fixed).toBeUndefined();
    expect(existsSync(reportDir)).toBe(false);
  });
});
