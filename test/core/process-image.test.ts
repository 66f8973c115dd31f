import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { outputKeysFor } from '../../functions/core/index.js';
import { cardColours } from '../../scripts/fixtures/test-card.js';
import { colourDistance, decode, fixture, meanAround, run, specOf } from './helpers.js';

// Lossless PNG output, so only the fixture's own JPEG compression blurs the colours.
const card = specOf([{ name: 'card', width: 300, height: 300, fit: 'inside', formats: ['png'] }]);

/** The centres of the test card's quadrants in a 300x200 upright image, clear of the "F". */
const quadrants = [
  { x: 60, y: 50, colour: cardColours.topLeft },
  { x: 240, y: 50, colour: cardColours.topRight },
  { x: 60, y: 150, colour: cardColours.bottomLeft },
  { x: 240, y: 150, colour: cardColours.bottomRight },
];

describe('processImage orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('shows exif-orientation-%i.jpg upright', async (orientation) => {
    const input = fixture(`exif-orientation-${orientation}.jpg`);
    const stored = await sharp(input, { autoOrient: false }).metadata();
    expect(stored.orientation).toBe(orientation);

    const result = await run(input, card);

    const output = result.outputs[0]!;
    const pixels = await decode(output.body);
    // Stored 200x300 for 5-8 (the transposing orientations); always 300x200 once upright.
    expect([stored.width, stored.height]).toEqual(orientation >= 5 ? [200, 300] : [300, 200]);
    expect([output.width, output.height, pixels.width, pixels.height]).toEqual([300, 200, 300, 200]);
    expect(result.source).toMatchObject({ width: 300, height: 200 });
    for (const { x, y, colour } of quadrants) {
      expect(colourDistance(meanAround(pixels, x, y), colour), `colour at ${x},${y}`).toBeLessThanOrEqual(6);
    }
    // The "F"'s stem is left of centre in the upright card.
    expect(Math.max(...meanAround(pixels, 126, 100, 3))).toBeLessThan(40);
    expect((await sharp(output.body).metadata()).orientation).toBeUndefined();
  });
});

describe('processImage colour', () => {
  it('converts a CMYK JPEG to 8-bit sRGB with colours close to the original', async () => {
    const input = fixture('cmyk-640x480.jpg');
    expect((await sharp(input).metadata()).space).toBe('cmyk');

    const result = await run(input, specOf([{ name: 'w', width: 640, formats: ['png'] }]));

    const pixels = await decode(result.outputs[0]!.body);
    expect(pixels.channels).toBe(3);
    const meta = await sharp(result.outputs[0]!.body).metadata();
    expect([meta.space, meta.depth]).toEqual(['srgb', 'uchar']);
    // A generic CMYK profile round trip moves saturated colours by up to ~25 levels; reading the
    // CMYK bytes as RGB or skipping the profile would be off by 100 or more.
    const corners = { topLeft: [160, 120], topRight: [560, 120], bottomLeft: [160, 360], bottomRight: [560, 360] } as const;
    for (const [quadrant, [x, y]] of Object.entries(corners)) {
      const expected = cardColours[quadrant as keyof typeof cardColours];
      expect(colourDistance(meanAround(pixels, x, y), expected), quadrant).toBeLessThanOrEqual(30);
    }
  });

  it('turns a 16-bit PNG into 8-bit sRGB with the same colours', async () => {
    const input = fixture('rgb16-640x480.png');
    expect((await sharp(input).metadata()).depth).toBe('ushort');

    const result = await run(input, specOf([{ name: 'w', width: 640, formats: ['png'] }]));

    const output = result.outputs[0]!.body;
    expect((await sharp(output).metadata()).depth).toBe('uchar');
    const pixels = await decode(output);
    expect(colourDistance(meanAround(pixels, 160, 120), cardColours.topLeft)).toBeLessThanOrEqual(1);
    expect(colourDistance(meanAround(pixels, 560, 360), cardColours.bottomRight)).toBeLessThanOrEqual(1);
  });

  it('writes greyscale input as 3-channel sRGB', async () => {
    const result = await run(fixture('grey-640x480.jpg'), specOf([{ name: 'w', width: 320, formats: ['jpeg', 'png'] }]));
    for (const output of result.outputs) {
      const meta = await sharp(output.body).metadata();
      expect([meta.space, meta.channels]).toEqual(['srgb', 3]);
    }
  });

  it('takes the first frame of an animated GIF', async () => {
    const input = fixture('animated-3frames-200x150.gif');
    expect((await sharp(input).metadata()).pages).toBe(3);

    const result = await run(input, specOf([{ name: 'w', width: 200, formats: ['png', 'webp'] }]));

    for (const output of result.outputs) {
      const meta = await sharp(output.body).metadata();
      expect(meta.pages ?? 1).toBe(1);
      expect([output.width, output.height]).toEqual([200, 150]);
      const pixels = await decode(output.body);
      expect(colourDistance(meanAround(pixels, 100, 75), [200, 40, 40])).toBeLessThanOrEqual(4);
    }
  });
});

describe('processImage metadata', () => {
  const spec = (keepIccProfile: boolean) =>
    specOf([{ name: 'w', width: 320, formats: ['jpeg', 'png', 'webp', 'avif'] }], { keepIccProfile });

  it('strips EXIF, GPS, XMP, IPTC and ICC by default', async () => {
    const input = fixture('metadata-gps-xmp-640x480.jpg');
    const source = await sharp(input).metadata();
    expect(source.exif).toBeDefined();
    expect(source.xmp).toBeDefined();

    const result = await run(input, spec(false));

    expect(result.outputs).toHaveLength(4);
    for (const output of result.outputs) {
      const meta = await sharp(output.body).metadata();
      expect({ format: output.format, exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc }).toEqual({ format: output.format, exif: undefined, xmp: undefined, iptc: undefined, icc: undefined });
    }
  });

  it('embeds an sRGB profile, and nothing else, when keepIccProfile is set', async () => {
    const result = await run(fixture('metadata-gps-xmp-640x480.jpg'), spec(true));

    for (const output of result.outputs) {
      const meta = await sharp(output.body).metadata();
      expect(meta.icc, output.format).toBeDefined();
      // The profile's description is UTF-16 ("s R G B" with NULs between the letters).
      expect(meta.icc!.toString('latin1').replaceAll('\0', ''), output.format).toContain('sRGB');
      expect([meta.exif, meta.xmp], output.format).toEqual([undefined, undefined]);
    }
  });
});

describe('processImage alpha', () => {
  const spec = specOf([{ name: 'w', width: 600, formats: ['jpeg', 'png', 'webp', 'avif'] }], { background: '#ffffff' });

  it('flattens transparency onto the background for JPEG and keeps it for PNG, WebP and AVIF', async () => {
    const result = await run(fixture('alpha-600x400.png'), spec);

    const byFormat = Object.fromEntries(result.outputs.map((o) => [o.format, o]));
    const jpeg = await decode(byFormat.jpeg!.body);
    expect(jpeg.channels).toBe(3);
    expect(colourDistance(meanAround(jpeg, 10, 10), [255, 255, 255])).toBeLessThanOrEqual(2);
    for (const format of ['png', 'webp', 'avif'] as const) {
      const pixels = await decode(byFormat[format]!.body);
      expect(pixels.channels, format).toBe(4);
      expect(meanAround(pixels, 10, 10)[3], `${format} corner alpha`).toBe(0);
      expect(meanAround(pixels, 300, 200)[3], `${format} centre alpha`).toBeGreaterThanOrEqual(250);
    }
  });

  it('flattens onto the configured background colour', async () => {
    const result = await run(fixture('alpha-600x400.png'), specOf([{ name: 'w', width: 600, formats: ['jpeg'] }], { background: '#000080' }));

    const pixels = await decode(result.outputs[0]!.body);
    expect(colourDistance(meanAround(pixels, 10, 10), [0, 0, 128])).toBeLessThanOrEqual(3);
  });
});

describe('processImage sizes', () => {
  it('never upscales: a 1x1 image stays 1x1 in every fit', async () => {
    const spec = specOf([
      { name: 'in', width: 200, height: 200, fit: 'inside', formats: ['png'] },
      { name: 'cover', width: 200, height: 200, fit: 'cover', formats: ['jpeg'] },
    ]);

    const result = await run(fixture('pixel-1x1.png'), spec);

    expect(result.outputs.map((o) => [o.width, o.height])).toEqual([[1, 1], [1, 1]]);
  });

  it('keeps a 640-wide input at 640 for a 1200 variant, and upscales only with enlarge', async () => {
    const spec = specOf([
      { name: 'big', width: 1200, height: 1200, formats: ['jpeg'] },
      { name: 'enlarged', width: 1200, height: 1200, formats: ['jpeg'], enlarge: true },
    ]);

    const result = await run(fixture('photo-640x480.jpg'), spec);

    expect(result.outputs.map((o) => [o.width, o.height])).toEqual([[640, 480], [1200, 900]]);
    const decoded = await decode(result.outputs[1]!.body);
    expect([decoded.width, decoded.height]).toEqual([1200, 900]);
  });

  it('fits inside the box keeping the aspect ratio', async () => {
    const spec = specOf([
      { name: 'box', width: 400, height: 400, formats: ['png'] },
      { name: 'wide', width: 500, formats: ['jpeg'] },
    ]);

    const result = await run(fixture('panorama-6000x600.jpg'), spec);

    expect(result.outputs.map((o) => [o.width, o.height])).toEqual([[400, 40], [500, 50]]);
  });

  it('covers the exact box with a centred crop', async () => {
    const spec = specOf([{ name: 'thumb', width: 200, height: 200, fit: 'cover', formats: ['png'] }]);

    const result = await run(fixture('exif-orientation-1.jpg'), spec);

    const output = result.outputs[0]!;
    expect([output.width, output.height]).toEqual([200, 200]);
    // 300x200 is already 200 high, so the crop keeps columns 50-249 of the card: the quadrant
    // border (x = 150) lands at x = 100 in the thumbnail.
    const pixels = await decode(output.body);
    expect(colourDistance(meanAround(pixels, 20, 30), cardColours.topLeft)).toBeLessThanOrEqual(6);
    expect(colourDistance(meanAround(pixels, 180, 170), cardColours.bottomRight)).toBeLessThanOrEqual(6);
    expect(colourDistance(meanAround(pixels, 96, 170, 3), cardColours.bottomLeft)).toBeLessThanOrEqual(10);
    expect(colourDistance(meanAround(pixels, 104, 170, 3), cardColours.bottomRight)).toBeLessThanOrEqual(10);
  });

  it('derives every variant of a large photo with the sizes the spec asks for', async () => {
    const spec = specOf([
      { name: 'thumb', width: 200, height: 200, fit: 'cover', formats: ['webp', 'jpeg'] },
      { name: 'medium', width: 800, height: 800, formats: ['webp'] },
      { name: 'large', width: 1600, height: 1600, formats: ['jpeg'] },
    ]);

    const result = await run(fixture('photo-4000x3000.jpg'), spec);

    expect(result.outputs.map((o) => `${o.variant}.${o.format} ${o.width}x${o.height}`)).toEqual([
      'thumb.webp 200x200',
      'thumb.jpeg 200x200',
      'medium.webp 800x600',
      'large.jpeg 1600x1200',
    ]);
    for (const output of result.outputs) {
      const decoded = await decode(output.body);
      expect([decoded.width, decoded.height]).toEqual([output.width, output.height]);
    }
  });
});

describe('processImage results', () => {
  const spec = specOf(
    [
      { name: 'a', width: 300, height: 300, fit: 'cover', formats: ['jpeg', 'webp'] },
      { name: 'b', width: 500, formats: ['png', 'avif'] },
    ],
    { keyTemplate: 'out/{dir}{name}-{variant}.{ext}' },
  );

  it('writes the same bytes for the same input every time', async () => {
    const input = fixture('photo-1920x1280.jpg');

    const first = await run(input, spec);
    const second = await run(input, spec);

    expect(second.outputs.map((o) => o.body.toString('base64'))).toEqual(first.outputs.map((o) => o.body.toString('base64')));
  });

  it('returns outputs in the order and at the keys outputKeysFor names, with content types', async () => {
    const result = await run(fixture('photo-640x480.jpg'), spec, 'images/a b/ca+t (1).jpg');

    const keys = outputKeysFor('images/a b/ca+t (1).jpg', spec, { triggerPrefix: 'images/', outputPrefix: '' });
    expect(result.outputs.map((o) => o.key)).toEqual(keys);
    expect(keys).toEqual(['out/a b/ca+t (1)-a.jpg', 'out/a b/ca+t (1)-a.webp', 'out/a b/ca+t (1)-b.png', 'out/a b/ca+t (1)-b.avif']);
    expect(result.outputs.map((o) => o.contentType)).toEqual(['image/jpeg', 'image/webp', 'image/png', 'image/avif']);
    for (const output of result.outputs) {
      expect((await sharp(output.body).metadata()).format).toBe(output.format === 'avif' ? 'heif' : output.format);
    }
  });

  it('gives each format of a variant the same pixels as that format alone would get', async () => {
    // Several formats share one resize and crop of the master (sized by `large`); a lossless PNG
    // shows whether the pixels moved.
    const large = { name: 'large', width: 500, formats: ['jpeg'] } as const;
    const square = { name: 'square', width: 200, height: 200, fit: 'cover' } as const;
    for (const name of ['photo-1920x1280.jpg', 'alpha-600x400.png']) {
      const together = await run(fixture(name), specOf([large, { ...square, formats: ['webp', 'png', 'jpeg'] }]));
      const alone = await run(fixture(name), specOf([large, { ...square, formats: ['png'] }]));

      expect(together.outputs[2]!.format).toBe('png');
      expect(together.outputs[2]!.body.equals(alone.outputs[1]!.body)).toBe(true);
    }
  });

  it('describes the source: sniffed format, upright size and byte count', async () => {
    const input = fixture('exif-orientation-6.jpg');

    const result = await run(input, spec, 'images/actually-a-jpeg.png');

    expect(result.source).toEqual({ format: 'jpeg', width: 300, height: 200, bytes: input.length });
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.decodeMs);
  });
});
