import { describe, expect, it } from 'vitest';
import { smallestCovering, variantGeometry, type VariantGeometry } from '../../functions/core/geometry.js';
import { decode, fixture, run, specOf } from './helpers.js';

const source = { width: 2560, height: 1600 };
const geometry = (width: number, height: number, fit: 'inside' | 'cover' = 'inside'): VariantGeometry =>
  variantGeometry(source, { name: `${width}x${height}`, width, height, fit, formats: ['jpeg'], quality: 80, enlarge: false });

describe('smallestCovering', () => {
  it('picks the smallest cut of the whole image that is at least the variant on both axes', () => {
    const [large, medium, small] = [geometry(1200, 1200), geometry(600, 600), geometry(150, 150)];
    expect(smallestCovering(small, [large, medium])).toBe(medium);
    expect(smallestCovering(medium, [large, medium])).toBe(large);
    expect(smallestCovering(large, [medium])).toBeUndefined();
  });

  it('skips cropped cuts and cuts smaller on either axis', () => {
    // A 600x600 cover crop shows only part of the image; a 1000x200 box leaves a 320x200 image, too short for 480x300.
    const [cropped, short, wanted] = [geometry(600, 600, 'cover'), geometry(1000, 200), geometry(480, 480)];
    expect([wanted.resized, short.resized]).toEqual([{ width: 480, height: 300 }, { width: 320, height: 200 }]);
    expect(smallestCovering(wanted, [cropped, short])).toBeUndefined();
  });
});

describe('processImage deriving small variants from larger ones', () => {
  it('gives a 150 px variant next to a 600 px one the pixels it gets alone, within a level on average', async () => {
    const small = { name: 'small', width: 150, height: 150, formats: ['png'] } as const;
    const input = fixture('photo-1920x1280.jpg');
    const together = await run(input, specOf([{ name: 'medium', width: 600, height: 600, formats: ['png', 'webp'] }, small]));
    const alone = await run(input, specOf([small]));

    const [a, b] = await Promise.all([decode(together.outputs[2]!.body), decode(alone.outputs[0]!.body)]);
    expect([a.width, a.height]).toEqual([150, 100]);
    expect([b.width, b.height]).toEqual([150, 100]);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < a.data.length; i++) {
      const d = Math.abs(a.data[i]! - b.data[i]!);
      sum += d;
      max = Math.max(max, d);
    }
    // 0.46 and 9 here (edges of fine detail); a shifted, cropped or wrongly scaled image is off by tens.
    expect(sum / a.data.length).toBeLessThanOrEqual(1);
    expect(max).toBeLessThanOrEqual(24);
  });
});
