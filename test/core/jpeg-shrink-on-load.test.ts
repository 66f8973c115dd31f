import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegShrinkFor, jpegShrinkSource } from '../../functions/core/jpeg-shrink-on-load.js';

describe('JPEG shrink-on-load', () => {
  it('picks the largest libjpeg factor that leaves at least the target on both axes, as Pillow draft does', () => {
    expect(jpegShrinkFor({ width: 2560, height: 1600 }, { width: 1200, height: 750 })).toBe(2);
    expect(jpegShrinkFor({ width: 5120, height: 2880 }, { width: 1200, height: 675 })).toBe(4);
    expect(jpegShrinkFor({ width: 6000, height: 4000 }, { width: 600, height: 400 })).toBe(8);
    // 1/2 of 2000 is 1000: one pixel short of 1001, so the full size is decoded.
    expect(jpegShrinkFor({ width: 2000, height: 1000 }, { width: 1001, height: 500 })).toBe(1);
    // libvips rounds down: 1/2 of 2003 is 1001.
    expect(jpegShrinkFor({ width: 2003, height: 1001 }, { width: 1001, height: 500 })).toBe(2);
    expect(jpegShrinkFor({ width: 2001, height: 1001 }, { width: 1001, height: 501 })).toBe(1);
    expect(jpegShrinkFor({ width: 640, height: 480 }, { width: 640, height: 480 })).toBe(1);
  });

  it('decodes at the smaller size and leaves no file behind', async () => {
    const jpeg = await sharp({ create: { width: 801, height: 601, channels: 3, background: '#3060a0' } }).jpeg().toBuffer();
    // A temporary folder of its own: other processes on the machine write shrink-on-load files to /tmp at the same time.
    const privateTmp = await mkdtemp(join(tmpdir(), 'shrink-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const size = await jpegShrinkSource(jpeg, 4, async (source) => {
        expect(await readdir(privateTmp)).toEqual([expect.stringMatching(/^shrink-on-load-.*\.jpg$/)]);
        return sharp(source).raw().toBuffer({ resolveWithObject: true });
      });
      expect([size.info.width, size.info.height]).toEqual([200, 150]);
      expect(await readdir(privateTmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await rm(privateTmp, { recursive: true, force: true });
    }
  });

  it('decodes the whole image from the bytes when the temporary file cannot be written', async () => {
    const jpeg = await sharp({ create: { width: 801, height: 601, channels: 3, background: '#3060a0' } }).jpeg().toBuffer();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/full-tmp';
    try {
      const size = await jpegShrinkSource(jpeg, 4, async (source) => sharp(source).raw().toBuffer({ resolveWithObject: true }));
      expect([size.info.width, size.info.height]).toEqual([801, 601]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
