import fc from 'fast-check';
import sharp from 'sharp';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkDecodeCost, DecodeTooCostlyError, decodeCostLimits, ImageProcessingError, PixelLimitError } from '../../functions/core/index.js';
import { readJpegStructure } from '../../functions/core/header/jpeg-structure.js';
import { flatPng, manyFrameGif } from '../../scripts/fixtures/costly-images.js';
import { manyScanJpeg, maxLegalScans } from '../../scripts/fixtures/progressive-jpeg.js';
import { decode, failure, fixture, meanAround, run, specOf } from './helpers.js';

// Every call into sharp is counted, so a test can prove a file was refused before any decoding.
const sharpCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('sharp', async (importOriginal) => {
  const actual = (await importOriginal<typeof import('sharp')>()).default;
  const counted = (...args: Parameters<typeof actual>) => {
    sharpCalls.count++;
    return actual(...args);
  };
  return { default: Object.assign(counted, actual) };
});
beforeEach(() => {
  sharpCalls.count = 0;
});

const spec = specOf([{ name: 'w', width: 300, formats: ['jpeg'] }]);


describe('many-scan progressive JPEGs', () => {
  it.each([
    ['grey', 1, 8000, maxLegalScans(1)],
    ['colour', 3, 4000, maxLegalScans(3)],
  ] as const)('refuses a %s %ipx-component file with every coefficient in its own scan, before decoding', async (_name, components, side, scans) => {
    const input = manyScanJpeg({ width: side, height: side, components, scans });
    expect(input.length).toBeLessThan(300_000); // small: that is the attack

    const error = await failure(input, 'images/many-scans.jpg', spec);

    expect(error).toBeInstanceOf(DecodeTooCostlyError);
    expect(error.code).toBe('TooCostlyToDecode');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `images/many-scans.jpg: too costly to decode (a JPEG with ${scans} scans; real encoders write at most about a dozen, the limit is ${decodeCostLimits.maxJpegScans})`,
    );
    expect(sharpCalls.count).toBe(0);
  });

  it('accepts a colour file at the scan limit and refuses one scan more', async () => {
    const limit = decodeCostLimits.maxJpegScans;
    const atLimit = manyScanJpeg({ width: 256, height: 256, components: 3, scans: limit });

    const result = await run(atLimit, spec);
    const error = await failure(manyScanJpeg({ width: 256, height: 256, components: 3, scans: limit + 1 }), 'images/one-more.jpg', spec);

    expect(result.outputs.map((o) => [o.width, o.height])).toEqual([[256, 256]]);
    expect(error.message).toContain(`a JPEG with ${limit + 1} scans`);
  });

  it('refuses scans that revisit every block too often, under the scan limit', async () => {
    // Grey: every AC scan covers the only component, so 13 scans visit each block 13 times.
    const passes = decodeCostLimits.maxJpegScanPassesPerBlock + 1;
    const error = await failure(manyScanJpeg({ width: 512, height: 512, components: 1, scans: passes }), 'images/grey.jpg', spec);

    expect(error).toBeInstanceOf(DecodeTooCostlyError);
    expect(error.message).toContain(`a JPEG whose ${passes} scans visit each block ${passes}.0 times; the limit is ${passes - 1}`);
    expect(sharpCalls.count).toBe(0);
  });
});

describe('progressive JPEGs from common encoders are still processed', () => {
  const photo = fixture('photo-1920x1280.jpg');

  /** A camera-style file: an EXIF APP1 segment carrying a thumbnail JPEG (whose own SOS must not count). */
  async function withExifThumbnail(jpeg: Buffer): Promise<Buffer> {
    const thumbnail = await sharp(photo).resize(160).jpeg({ quality: 70 }).toBuffer();
    const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('II*\0\x08\0\0\0\0\0', 'latin1'), thumbnail]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
    return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
  }

  // libjpeg's jpeg_simple_progression writes 10 scans for YCbCr and 6 for one component.
  it.each([
    ['libjpeg-turbo progressive 4:2:0', () => sharp(photo).jpeg({ progressive: true }).toBuffer(), 10],
    ['libjpeg-turbo progressive 4:4:4', () => sharp(photo).jpeg({ progressive: true, chromaSubsampling: '4:4:4' }).toBuffer(), 10],
    ['libjpeg-turbo progressive grey', () => sharp(photo).toColourspace('b-w').jpeg({ progressive: true }).toBuffer(), 6],
    ['mozjpeg (scan optimisation)', () => sharp(photo).jpeg({ mozjpeg: true }).toBuffer(), undefined],
    ['baseline with an EXIF thumbnail, as cameras write', async () => withExifThumbnail(await sharp(photo).jpeg({ quality: 92 }).toBuffer()), 1],
  ] as const)('%s', async (_name, encode, expectedScans) => {
    const input = await encode();
    const scans = readJpegStructure(input)!.scans.length;

    const result = await run(input, spec);

    if (expectedScans !== undefined) expect(scans).toBe(expectedScans);
    expect(scans).toBeLessThanOrEqual(decodeCostLimits.maxJpegScans);
    expect(result.outputs.map((o) => [o.width, o.height])).toEqual([[300, 200]]);
  });
});

describe('readJpegStructure', () => {
  it('skips stuffed bytes, restart markers and fill bytes inside entropy-coded data', () => {
    const sof = [0xff, 0xc2, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0];
    const sos = (ss: number, se: number) => [0xff, 0xda, 0, 8, 1, 1, 0, ss, se, 0];
    const entropy = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0xff, 0xff, 0x00];
    const bytes = Buffer.from([0xff, 0xd8, ...sof, ...sos(0, 0), ...entropy, ...sos(1, 63), ...entropy, 0xff, 0xd9]);

    const structure = readJpegStructure(bytes);

    expect(structure).toMatchObject({ width: 16, height: 16, progressive: true, components: [{ id: 1, h: 1, v: 1 }] });
    expect(structure?.scans.map((s) => [s.ss, s.se])).toEqual([[0, 0], [1, 63]]);
  });
});

describe('16-bit PNGs', () => {
  const small = specOf([{ name: 'w', width: 300, formats: ['png'] }], {}, { maxInputPixels: 1_000_000 });

  it.each([
    [true, 'an interlaced'],
    [false, 'a'],
  ] as const)('refuses 16-bit RGBA at the pixel limit (interlaced: %s), before decoding', async (interlaced, kind) => {
    const input = await flatPng(1000, 1000, { bitDepth: 16, alpha: true, interlaced });
    sharpCalls.count = 0;

    const error = await failure(input, 'images/deep.png', small);

    expect(error).toBeInstanceOf(DecodeTooCostlyError);
    expect(error.message).toBe(`images/deep.png: too costly to decode (${kind} 16-bit 4-channel PNG of 1000x1000 decodes to 8 MiB of samples; the limit is 4 MiB)`);
    expect(sharpCalls.count).toBe(0);
  });

  it.each([
    ['8-bit RGBA, interlaced', 1000, { bitDepth: 8, alpha: true, interlaced: true }],
    ['16-bit RGBA at half the pixel limit, interlaced', 707, { bitDepth: 16, alpha: true, interlaced: true }],
  ] as const)('processes %s', async (_name, size, options) => {
    const result = await run(await flatPng(size, size, options), small);
    expect(result.outputs.map((o) => [o.width, o.height])).toEqual([[300, 300]]);
  });
});

describe('animations', () => {
  it('decodes only the first frame: a 2000-frame GIF is processed from its first frame, not refused', async () => {
    const input = await manyFrameGif(300, 200, 2000, [200, 30, 30], [[30, 200, 30], [30, 30, 200]]);
    expect((await sharp(input).metadata()).pages).toBe(2000);

    const result = await run(input, specOf([{ name: 'w', width: 300, formats: ['png'] }]));

    const mean = meanAround(await decode(result.outputs[0]!.body), 150, 100);
    // The first frame is red (GIF's palette may move it a level or two); the others are green and blue.
    [200, 30, 30].forEach((expected, channel) => expect(Math.abs(mean[channel]! - expected)).toBeLessThanOrEqual(3));
  });
});

describe('AVIF', () => {
  it('limits AVIF to a share of the pixel limit, before decoding', async () => {
    const limits = { maxInputPixels: 640 * 480 * 2 };
    sharpCalls.count = 0;

    let error: unknown;
    try {
      checkDecodeCost(fixture('photo-avif-640x480.avif'), 'avif', 'images/x.avif', limits);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(DecodeTooCostlyError);
    expect((error as Error).message).toBe('images/x.avif: too costly to decode (an AVIF of 640x480 = 307200 pixels; AV1 decoding is costly, so AVIF is limited to 153600 pixels)');
    expect(() => checkDecodeCost(fixture('photo-avif-640x480.avif'), 'avif', 'images/x.avif', { maxInputPixels: 640 * 480 * 4 })).not.toThrow();
    expect(sharpCalls.count).toBe(0);
  });
});

describe('checkDecodeCost applies the pixel limit from headers alone', () => {
  it.each([
    ['photo-640x480.jpg', 'jpeg', '640x480'],
    ['alpha-600x400.png', 'png', '600x400'],
    ['animated-3frames-200x150.gif', 'gif', '200x150'],
    ['photo-800x600.webp', 'webp', '800x600'],
    ['photo-avif-640x480.avif', 'avif', '640x480'],
  ] as const)('%s', (file, format, size) => {
    expect(() => checkDecodeCost(fixture(file), format, `images/${file}`, { maxInputPixels: 10_000 })).toThrow(PixelLimitError);
    expect(() => checkDecodeCost(fixture(file), format, `images/${file}`, { maxInputPixels: 10_000 })).toThrow(`images/${file}: ${size} = `);
  });

  it.each([
    ['lossless (VP8L)', { lossless: true }],
    ['lossy with alpha (VP8X)', { alphaQuality: 90 }],
  ] as const)('reads a WebP %s', async (_name, options) => {
    const webp = await sharp({ create: { width: 321, height: 123, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp(options).toBuffer();
    expect(() => checkDecodeCost(webp, 'webp', 'images/x.webp', { maxInputPixels: 321 * 123 - 1 })).toThrow('321x123 = 39483 pixels');
    expect(() => checkDecodeCost(webp, 'webp', 'images/x.webp', { maxInputPixels: 321 * 123 })).not.toThrow();
  });
});

describe('checkDecodeCost on arbitrary bytes', () => {
  const magic = {
    jpeg: [0xff, 0xd8, 0xff],
    png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
    gif: [...Buffer.from('GIF89a')],
    webp: [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8X')],
    avif: [0, 0, 0, 12, ...Buffer.from('ftypavif')],
    tiff: [0x49, 0x49, 0x2a, 0x00],
  } as const;

  it('either passes or refuses with a domain error: never a RangeError or a hang', () => {
    const formats = Object.keys(magic) as (keyof typeof magic)[];
    // Header-like bytes: markers, box types and lengths are likelier than in uniform noise.
    const structured = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0xff, 0xd8, 0xda, 0xc2, 0xc0, 0xd9, 0x00),
        fc.constantFrom(...[...'metaiprpipcoispe'].map((c) => c.charCodeAt(0))),
      ),
      { maxLength: 400 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...formats), structured, (format, tail) => {
        const input = Buffer.from([...magic[format], ...tail]);
        try {
          checkDecodeCost(input, format, 'images/fuzz', { maxInputPixels: 1_000_000 });
        } catch (error) {
          expect(error).toBeInstanceOf(ImageProcessingError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('does not recurse without bound into nested AVIF boxes', () => {
    // A million iprp boxes, each holding the next (8 MB): deep enough to overflow the stack if followed.
    const depth = 1_000_000;
    const boxes = Buffer.alloc(depth * 8);
    for (let i = 0; i < depth; i++) {
      boxes.writeUInt32BE(boxes.length - i * 8, i * 8);
      boxes.write('iprp', i * 8 + 4, 'latin1');
    }
    expect(() => checkDecodeCost(Buffer.concat([Buffer.from(magic.avif), boxes]), 'avif', 'images/deep.avif', { maxInputPixels: 1_000 })).not.toThrow();
  });
});
