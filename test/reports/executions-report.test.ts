import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { runLocal } from '../kit/local-process.js';
import { repoRoot } from '../kit/support.js';
import { brokenImages, closeBrowser, fileUrl, newPage } from './browser.js';

const fixtures = join(repoRoot, 'fixtures', 'images');

afterAll(() => closeBrowser());

describe('the report of npm run local -- --stack state-machine, in Chromium', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof runLocal>>;
  beforeAll(async () => {
    ensureSynth(repoRoot, 'state-machine', { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'local-executions-report-'));
    const images = join(dir, 'images');
    mkdirSync(join(images, 'hostile'), { recursive: true });
    for (const file of ['alpha-600x400.png', 'photo-640x480.jpg']) copyFileSync(join(fixtures, file), join(images, file));
    for (const file of ['text-named.png', 'truncated.jpg']) copyFileSync(join(fixtures, 'hostile', file), join(images, 'hostile', file));
    run = await runLocal(['--stack', 'state-machine', '--images', images, '--report', join(dir, 'report'), '--timeout', '90']);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows how each image went in and its executions: status, error, cause, input and output", async (context) => {
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const page = await newPage(context);
    await page.goto(fileUrl(join(dir, 'report', 'index.html')));

    expect(await brokenImages(page)).toEqual([]);
    const main = page.locator('table').first();
    expect(await main.locator('tbody td.entry').allTextContents()).toEqual(['POST /uploads', 'POST /executions', 'POST /uploads', 'POST /executions']);
    expect(await main.locator('tbody td.execution').allTextContents()).toEqual(['SUCCEEDED', 'SUCCEEDED', '-', 'FAILED (CorruptImage)']);

    const section = page.locator('#executions');
    expect(await section.locator('h2').textContent()).toBe('Executions');
    expect(await section.locator('li').allTextContents()).toEqual([expect.stringMatching(/^in via: 2 uploaded with POST \/uploads .*2 seeded into the bucket/), 'executions: 2 succeeded, 1 failed']);
    const rows = section.locator('tbody tr');
    expect(await rows.locator('td.status').allTextContents()).toEqual(['SUCCEEDED', 'SUCCEEDED', 'FAILED']);

    // The input names the image's key (the rule's transformer gives size and etag; POST /executions only bucket and key).
    // Keys of the three accepted images, in the table's order (the refused one has none).
    const keys = await main.locator('tbody .key-line code').allTextContents();
    expect(keys).toHaveLength(3);
    const inputs = (await rows.locator('td.input pre').allTextContents()).map((text) => JSON.parse(text) as { key: string; size?: number });
    expect(inputs.map((i) => i.key)).toEqual(keys);
    expect(inputs[0]).toMatchObject({ size: expect.any(Number), etag: expect.any(String) });
    expect(Object.keys(inputs[1]!).sort()).toEqual(['bucket', 'key']);
    // A succeeded execution's output is the function's answer; the failed one has the Fail state's error and cause and no output.
    const outputs = await rows.locator('td.output').allTextContents();
    expect(JSON.parse(outputs[0]!)).toMatchObject({ ok: true, failed: [] });
    expect(outputs[2]).toBe('');
    const failed = rows.nth(2);
    expect(await failed.locator('td.error').textContent()).toBe('CorruptImage');
    expect(await failed.locator('td.cause').textContent()).toMatch(/truncated\.jpg: the image data is truncated or corrupt/);
    expect(await failed.getAttribute('class')).toBe('execution failed');
  });
});
