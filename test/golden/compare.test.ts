import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { compareImages, goldenPath } from '../../scripts/golden/index.js';

const golden = (preset: string, key: string): Promise<Buffer> => readFile(goldenPath(preset, key));
const photoLarge = await golden('default', 'photo-1920x1280/large.jpg');
const photoThumb = await golden('default', 'photo-1920x1280/thumb.webp');
const cardThumb = await golden('default', 'exif-orientation-6/thumb.jpg');
const alphaPng = await golden('seed-contain400', 'resized/alpha-600x400.png');

describe('compareImages', () => {
  it('matches an image with itself', async () => {
    const result = await compareImages(photoLarge, photoLarge);

    expect([result.match, result.diffRatio, result.diffPng]).toEqual([true, 0, undefined]);
  });

  it.each([
    ['JPEG at quality 70', cardThumb, (s: Sharp) => s.jpeg({ quality: 70 })],
    ['JPEG at quality 95', photoLarge, (s: Sharp) => s.jpeg({ quality: 95 })],
    ['WebP at quality 70', photoThumb, (s: Sharp) => s.webp({ quality: 70 })],
    ['lossless PNG', alphaPng, (s: Sharp) => s.png({ compressionLevel: 9 })],
  ])('matches the same picture re-encoded as %s', async (_what, image, encode) => {
    const reencoded = await encode(sharp(image)).toBuffer();
    expect(reencoded.equals(image)).toBe(false);

    const result = await compareImages(image, reencoded);

    expect(result.match, result.reason).toBe(true);
  });

  it('fails a 90-degree rotation of a non-square image on its size', async () => {
    const rotated = await sharp(photoLarge).rotate(90).jpeg().toBuffer();

    const result = await compareImages(photoLarge, rotated);

    expect(result.match).toBe(false);
    expect(result.reason).toBe('size differs: expected 1600x1067, got 1067x1600');
  });

  it('fails a 90-degree rotation of a square thumbnail on its pixels', async () => {
    const rotated = await sharp(cardThumb).rotate(90).jpeg({ quality: 90 }).toBuffer();

    const result = await compareImages(cardThumb, rotated);

    expect(result.match).toBe(false);
    expect(result.diffRatio).toBeGreaterThan(0.5);
    expect(result.diffPng).toBeDefined();
  });

  it('fails a crop moved by 3% of the width', async () => {
    const { width, height } = await sharp(photoThumb).metadata();
    const shift = Math.round(width * 0.03);
    const moved = await sharp(photoThumb)
      .extract({ left: shift, top: 0, width: width - shift, height })
      .extend({ right: shift, extendWith: 'copy' })
      .webp({ quality: 90 })
      .toBuffer();

    const result = await compareImages(photoThumb, moved);

    expect(result.match, result.reason).toBe(false);
  });

  it.each([
    ['a hue rotation of 15 degrees', (s: Sharp) => s.modulate({ hue: 15 })],
    ['8% more brightness', (s: Sharp) => s.modulate({ brightness: 1.08 })],
    ['colours read as BGR', (s: Sharp) => s.recomb([[0, 0, 1], [0, 1, 0], [1, 0, 0]])],
  ])('fails %s', async (_what, shift) => {
    const shifted = await shift(sharp(photoLarge)).jpeg({ quality: 90 }).toBuffer();

    const result = await compareImages(photoLarge, shifted);

    expect(result.match, result.reason).toBe(false);
  });

  it('fails when transparency is lost, even flattened onto the white it is compared on', async () => {
    const flattened = await sharp(alphaPng).flatten({ background: '#ffffff' }).png().toBuffer();

    const result = await compareImages(alphaPng, flattened);

    expect(result.match, result.reason).toBe(false);
  });
});
