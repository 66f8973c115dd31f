import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultConcurrency, forEachAtMost, memoryPerImage } from '../../scripts/process/pool.js';
import { runProcessCli } from '../../scripts/process.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'images');

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { log: (l: string) => lines.out.push(l), error: (l: string) => lines.err.push(l) } };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
  } catch {
    return [];
  }
}

async function workDir(): Promise<{ inputs: string; out: string }> {
  const work = await mkdtemp(path.join(tmpdir(), 'process-cli-'));
  const inputs = path.join(work, 'in');
  await mkdir(inputs);
  return { inputs, out: path.join(work, 'out') };
}

describe('npm run process: walking a directory', () => {
  it('processes the images by their bytes, skips and counts the rest, and still processes the others when one is broken', async () => {
    const { inputs, out } = await workDir();
    await mkdir(path.join(inputs, 'trip', 'day 1'), { recursive: true });
    await copyFile(path.join(fixtures, 'exif-orientation-6.jpg'), path.join(inputs, 'trip', 'day 1', 'card.jpg'));
    await copyFile(path.join(fixtures, 'pixel-1x1.png'), path.join(inputs, 'scan.dat'));
    await copyFile(path.join(fixtures, 'hostile', 'truncated.jpg'), path.join(inputs, 'broken.jpg'));
    await copyFile(path.join(fixtures, 'hostile', 'text-named.png'), path.join(inputs, 'notes.png'));
    await writeFile(path.join(inputs, 'README.txt'), 'holiday photos\n');
    const { lines, io } = capture();

    const code = await runProcessCli([inputs, '--out', out, '--preset', 'seed-contain400'], io);

    expect(code).toBe(1);
    expect(await filesUnder(out)).toEqual([path.join('resized', 'scan.png'), path.join('resized', 'trip', 'day 1', 'card.png')]);
    const written = await sharp(path.join(out, 'resized', 'trip', 'day 1', 'card.png')).metadata();
    expect([written.width, written.height]).toEqual([300, 200]);
    expect(lines.out[0]).toBe(`skipped 2 files that are not images (by their bytes): ${path.join(inputs, 'README.txt')}, ${path.join(inputs, 'notes.png')}`);
    // One progress line per image, in the order they finish.
    const withoutCounter = (line: string): string => line.replace(/^\[\d\/3\] /, '');
    const progress = lines.out.slice(1, -1).sort((a, b) => withoutCounter(a).localeCompare(withoutCounter(b)));
    expect(progress).toEqual([
      expect.stringMatching(/^\[\d\/3\] scan\.dat: 1 output, \d+\.\d KiB, \d+ ms$/),
      expect.stringMatching(/^\[\d\/3\] trip\/day 1\/card\.jpg: 1 output, \d+\.\d KiB, \d+ ms$/),
    ]);
    // The reason libjpeg gives can be lost when images decode at once (libvips' error buffer): the code is what counts.
    expect(lines.err).toEqual([expect.stringMatching(/^\[\d\/3\] failed CorruptImage: broken\.jpg: the image data is truncated or corrupt \(/)]);
    expect(lines.out.at(-1)).toMatch(/^2 of 3 images processed, 1 failed; 2 outputs, \d+\.\d KiB, in \d+\.\d\d s \(\d+ at once\) under /);
  });

  it('is an error when a directory is empty or holds no image, and writes nothing', async () => {
    const { inputs: empty, out } = await workDir();
    const { inputs: textOnly } = await workDir();
    await writeFile(path.join(textOnly, 'notes.txt'), 'no pictures here');
    await copyFile(path.join(fixtures, 'hostile', 'empty.png'), path.join(textOnly, 'empty.png'));

    const first = capture();
    expect(await runProcessCli([empty, '--out', out], first.io)).toBe(1);
    expect(first.lines.err).toEqual([`failed ${empty}: an empty directory: no image to process`, 'no image to process']);

    const second = capture();
    expect(await runProcessCli([textOnly, '--out', out], second.io)).toBe(1);
    expect(second.lines.err).toEqual([`failed ${textOnly}: no image in it (2 files are not images)`, 'no image to process']);
    expect(second.lines.out).toEqual([expect.stringMatching(/^skipped 2 files that are not images/)]);
    expect(await filesUnder(out)).toEqual([]);
  });
});

describe('npm run process: files named on the command line', () => {
  it('fails a missing file only: the others are processed, and the exit code says something failed', async () => {
    const { inputs, out } = await workDir();
    const missing = path.join(inputs, 'gone.jpg');
    const { lines, io } = capture();

    const code = await runProcessCli([missing, path.join(fixtures, 'pixel-1x1.png'), '--out', out, '--preset', 'seed-width500'], io);

    expect(code).toBe(1);
    expect(await filesUnder(out)).toEqual([path.join('output', 'pixel-1x1.jpg')]);
    expect(lines.err).toEqual([`failed ${missing}: no such file or directory`]);
    expect(lines.out.at(-1)).toMatch(/^1 of 1 image processed, 0 failed, 1 input failed; 1 output, /);
  });

  it('refuses a named file that is not an image, by its bytes', async () => {
    const { out } = await workDir();
    const { lines, io } = capture();
    expect(await runProcessCli([path.join(fixtures, 'hostile', 'text-named.png'), '--out', out], io)).toBe(1);
    expect(lines.err).toEqual([expect.stringMatching(/^\[1\/1\] failed UnsupportedFormat: text-named\.png: not a supported image/)]);
  });

  it('exits 0 when every file is processed, and 2 on a usage error', async () => {
    const { out } = await workDir();
    const pixel = path.join(fixtures, 'pixel-1x1.png');

    expect(await runProcessCli([pixel, '--out', out, '--preset', 'seed-width500', '--jobs', '1'], capture().io)).toBe(0);
    expect(await filesUnder(out)).toEqual([path.join('output', 'pixel-1x1.jpg')]);
    expect(await runProcessCli([pixel], capture().io)).toBe(2);
    expect(await runProcessCli([pixel, '--out', out, '--preset', 'nope'], capture().io)).toBe(2);
    const badJobs = capture();
    expect(await runProcessCli([pixel, '--out', out, '--jobs', '0'], badJobs.io)).toBe(2);
    expect(badJobs.lines.err).toEqual(['--jobs must be a whole number from 1, not "0"']);
    const badConcurrency = capture();
    expect(await runProcessCli([pixel, '--out', out, '--concurrency', '1.5'], badConcurrency.io)).toBe(2);
    expect(badConcurrency.lines.err).toEqual(['--concurrency must be a whole number from 1, not "1.5"']);
  });

  it('takes --concurrency and says in its summary how many images it processed at once', async () => {
    const { out } = await workDir();
    const { lines, io } = capture();
    const photos = ['photo-640x480.jpg', 'grey-640x480.jpg', 'cmyk-640x480.jpg'].map((f) => path.join(fixtures, f));
    expect(await runProcessCli([...photos, '--out', out, '--preset', 'seed-width500', '--concurrency', '3'], io)).toBe(0);
    expect(lines.out.at(-1)).toMatch(/^3 of 3 images processed, 0 failed; 3 outputs, .* \(3 at once\) under /);
    expect(await filesUnder(out)).toEqual(['cmyk-640x480.jpg', 'grey-640x480.jpg', 'photo-640x480.jpg'].map((f) => path.join('output', f)));
  });
});

describe('npm run process: how many images at once by default', () => {
  const limit = 40_000_000;

  it('is the CPU count when memory allows', () => {
    expect(defaultConcurrency(limit, { cpus: 2, memory: 16 * 2 ** 30 })).toBe(2);
  });

  it('is fewer when the memory available holds fewer images at the pixel limit, and never 0', () => {
    expect(defaultConcurrency(limit, { cpus: 8, memory: 3 * memoryPerImage(limit) + 1 })).toBe(3);
    expect(defaultConcurrency(limit, { cpus: 8, memory: 2 ** 20 })).toBe(1);
  });
});

describe('npm run process: several images at once', () => {
  /** A task per item that finishes only when the test says so; records which are running. */
  function gatedTasks(count: number) {
    const running = new Set<number>();
    const releases = new Map<number, () => void>();
    let started: () => void = () => {};
    const task = (item: number): Promise<void> => {
      running.add(item);
      started();
      return new Promise<void>((resolve) => releases.set(item, () => (running.delete(item), resolve())));
    };
    const nextStart = (): Promise<void> => new Promise((resolve) => (started = resolve));
    return { running, release: (item: number) => releases.get(item)!(), task, nextStart, items: Array.from({ length: count }, (_, i) => i) };
  }

  it('runs at most the limit at once, starting the next as soon as one finishes, until all are done', async () => {
    const gate = gatedTasks(5);
    let started = gate.nextStart();
    const all = forEachAtMost(gate.items, 2, gate.task);
    await started;
    expect([...gate.running]).toEqual([0, 1]);

    for (const [finish, expected] of [[1, [0, 2]], [0, [2, 3]], [2, [3, 4]]] as const) {
      started = gate.nextStart();
      gate.release(finish);
      await started;
      expect([...gate.running].sort()).toEqual(expected);
    }
    gate.release(3);
    gate.release(4);
    await all;
    expect(gate.running.size).toBe(0);
  });
});
