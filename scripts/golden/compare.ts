import pixelmatch from 'pixelmatch';
import sharp from 'sharp';

export interface CompareOptions {
  /**
   * pixelmatch's per-pixel threshold on its perceptual (YIQ) colour distance, 0-1.
   * @default 0.05 (pixelmatch's own 0.1 lets an 8% brightness change through unseen)
   */
  readonly threshold?: number;
  /**
   * Largest fraction of differing pixels that still matches.
   * @default 0.01 (re-encoding a golden at another quality differs in at most 0.5% of pixels;
   * a 3% crop shift, a 90-degree rotation or a colour shift in 4% to 99%)
   */
  readonly tolerance?: number;
}

export const defaultCompareOptions = { threshold: 0.05, tolerance: 0.01 } as const satisfies Required<CompareOptions>;

export interface Comparison {
  readonly match: boolean;
  /** Fraction of pixels that differ; 1 when the sizes differ. */
  readonly diffRatio: number;
  readonly diffPixels: number;
  /** One sentence: why it matched or not. */
  readonly reason: string;
  readonly expectedSize: { readonly width: number; readonly height: number };
  readonly actualSize: { readonly width: number; readonly height: number };
  /** Differing pixels in red over a faded copy of the expected image; only on a mismatch of equal sizes. */
  readonly diffPng?: Buffer;
}

interface Rgba {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
}

async function decodeRgba(image: Buffer): Promise<Rgba> {
  const { data, info } = await sharp(image, { failOn: 'error' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let hasAlpha = false;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      hasAlpha = true;
      break;
    }
  }
  return { data, width: info.width, height: info.height, hasAlpha };
}

/** The image composited onto an opaque grey level, as opaque RGBA. */
function onBackground(image: Rgba, level: number): Buffer {
  const out = Buffer.alloc(image.data.length);
  for (let i = 0; i < image.data.length; i += 4) {
    const a = image.data[i + 3]! / 255;
    out[i] = Math.round(image.data[i]! * a + level * (1 - a));
    out[i + 1] = Math.round(image.data[i + 1]! * a + level * (1 - a));
    out[i + 2] = Math.round(image.data[i + 2]! * a + level * (1 - a));
    out[i + 3] = 255;
  }
  return out;
}

/**
 * Compares two encoded images by pixels, not bytes, so a libvips or encoder patch that moves a few
 * levels here and there still matches while a rotation, crop or colour change does not. Images with
 * transparency are compared on white and on black, so a change of alpha alone is seen too.
 */
export async function compareImages(expected: Buffer, actual: Buffer, options: CompareOptions = {}): Promise<Comparison> {
  const threshold = options.threshold ?? defaultCompareOptions.threshold;
  const tolerance = options.tolerance ?? defaultCompareOptions.tolerance;
  const [e, a] = await Promise.all([decodeRgba(expected), decodeRgba(actual)]);
  const expectedSize = { width: e.width, height: e.height };
  const actualSize = { width: a.width, height: a.height };
  if (e.width !== a.width || e.height !== a.height) {
    return {
      match: false,
      diffRatio: 1,
      diffPixels: e.width * e.height,
      reason: `size differs: expected ${e.width}x${e.height}, got ${a.width}x${a.height}`,
      expectedSize,
      actualSize,
    };
  }
  const pixels = e.width * e.height;
  const differs = new Uint8Array(pixels);
  const backgrounds = e.hasAlpha || a.hasAlpha ? [255, 0] : [255];
  for (const level of backgrounds) {
    const mask = Buffer.alloc(pixels * 4);
    pixelmatch(onBackground(e, level), onBackground(a, level), mask, e.width, e.height, {
      threshold,
      includeAA: true,
      diffMask: true,
    });
    for (let p = 0; p < pixels; p++) if (mask[p * 4 + 3]! > 0) differs[p] = 1;
  }
  const diffPixels = differs.reduce((sum, d) => sum + d, 0);
  const diffRatio = diffPixels / pixels;
  const match = diffRatio <= tolerance;
  const percent = (r: number): string => `${(r * 100).toFixed(2)}%`;
  return {
    match,
    diffRatio,
    diffPixels,
    reason: `${percent(diffRatio)} of pixels differ (${diffPixels} of ${pixels}); tolerance ${percent(tolerance)} at threshold ${threshold}`,
    expectedSize,
    actualSize,
    ...(!match && { diffPng: await diffImage(e, differs) }),
  };
}

/** Differing pixels in red over a faded greyscale copy of the expected image, as PNG. */
async function diffImage(expected: Rgba, differs: Uint8Array): Promise<Buffer> {
  const diff = onBackground(expected, 255);
  for (let p = 0; p < differs.length; p++) {
    const i = p * 4;
    if (differs[p] === 1) {
      diff.set([255, 0, 0], i);
    } else {
      const grey = 0.299 * diff[i]! + 0.587 * diff[i + 1]! + 0.114 * diff[i + 2]!;
      diff.fill(Math.round(255 - (255 - grey) * 0.15), i, i + 3);
    }
  }
  return sharp(diff, { raw: { width: expected.width, height: expected.height, channels: 4 } }).png().toBuffer();
}
