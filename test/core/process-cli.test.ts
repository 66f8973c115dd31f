import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runProcessCli } from '../../scripts/process.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'images');

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { log: (l: string) => lines.out.push(l), error: (l: string) => lines.err.push(l) } };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('npm run process', () => {
  it('writes every variant at its key, reports bad files and still processes the rest', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'process-cli-'));
    const inputs = path.join(work, 'in');
    await mkdir(path.join(inputs, 'trip', 'day 1'), { recursive: true });
    await copyFile(path.join(fixtures, 'exif-orientation-6.jpg'), path.join(inputs, 'trip', 'day 1', 'card.jpg'));
    await copyFile(path.join(fixtures, 'hostile', 'truncated.jpg'), path.join(inputs, 'broken.jpg'));
    await copyFile(path.join(fixtures, 'hostile', 'text-named.png'), path.join(inputs, 'notes.png'));
    const out = path.join(work, 'out');
    const { lines, io } = capture();

    const code = await runProcessCli([inputs, '--out', out, '--preset', 'seed-contain400'], io);

    expect(code).toBe(1);
    expect(await filesUnder(out)).toEqual([path.join('resized', 'trip', 'day 1', 'card.png')]);
    const written = await sharp(path.join(out, 'resized', 'trip', 'day 1', 'card.png')).metadata();
    expect([written.width, written.height]).toEqual([300, 200]);
    expect(lines.out[0]).toMatch(/^resized\/trip\/day 1\/card.png  300x200  \d+ bytes$/);
    expect(lines.err).toEqual([
      expect.stringMatching(/^failed CorruptImage: broken.jpg: .*premature end of JPEG image/),
      expect.stringMatching(/^failed UnsupportedFormat: notes.png: not a supported image/),
    ]);
    expect(lines.out.at(-1)).toMatch(/^1 of 3 images processed, 2 failed; 1 outputs/);
  });

  it('exits 0 when every file is processed, and 2 on a usage error', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'process-cli-'));

    expect(await runProcessCli([path.join(fixtures, 'pixel-1x1.png'), '--out', out, '--preset', 'seed-width500'], capture().io)).toBe(0);
    expect(await filesUnder(out)).toEqual([path.join('output', 'pixel-1x1.jpg')]);
    expect(await runProcessCli([path.join(fixtures, 'pixel-1x1.png')], capture().io)).toBe(2);
    expect(await runProcessCli([path.join(fixtures, 'pixel-1x1.png'), '--out', out, '--preset', 'nope'], capture().io)).toBe(2);
  });
});
