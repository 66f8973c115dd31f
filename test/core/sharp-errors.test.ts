import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  CorruptImageError,
  EncodeFailedError,
  ImageProcessingError,
  ResourceExhaustedError,
  UnsupportedFormatError,
} from '../../functions/core/index.js';
import { applyEncoder } from '../../functions/core/encode.js';
import { translateSharpError, type SharpStage } from '../../functions/core/sharp-errors.js';

const key = 'images/x.jpg';
const hostile = (name: string) => readFileSync(new URL(`../../fixtures/images/hostile/${name}`, import.meta.url));

/** The error sharp throws for `run`, translated at `stage`. */
async function translated(run: () => Promise<unknown>, stage: SharpStage): Promise<ImageProcessingError> {
  const caught = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught, 'the sharp call was expected to fail').toBeInstanceOf(Error);
  return translateSharpError(key, caught, stage);
}

describe('translateSharpError at the decode stage: the input is to blame only for a recognised message', () => {
  // Messages as sharp 0.35 / libvips throw them (provoked on damaged copies of fixtures/images),
  // and libjpeg-turbo's jerror.h strings. The detail is the line that carries the reason.
  it.each([
    ['VipsJpeg: premature end of JPEG image', 'VipsJpeg: premature end of JPEG image'],
    ['VipsJpeg: Corrupt JPEG data: premature end of data segment', 'VipsJpeg: Corrupt JPEG data: premature end of data segment'],
    ['VipsJpeg: Corrupt JPEG data: 12 extraneous bytes before marker 0xd9', 'VipsJpeg: Corrupt JPEG data: 12 extraneous bytes before marker 0xd9'],
    ['Input buffer has corrupt header: VipsJpeg: Bogus Huffman table definition\nVipsJpeg: Bogus Huffman table definition', 'Input buffer has corrupt header: VipsJpeg: Bogus Huffman table definition'],
    ['Input buffer has corrupt header: VipsJpeg: Invalid JPEG file structure: two SOI markers', 'Input buffer has corrupt header: VipsJpeg: Invalid JPEG file structure: two SOI markers'],
    ['VipsJpeg: Quantization table 0x01 was not defined', 'VipsJpeg: Quantization table 0x01 was not defined'],
    ['vipspng: libpng read error', 'vipspng: libpng read error'],
    ['Input buffer has corrupt header:', 'Input buffer has corrupt header:'],
    ['Input buffer has corrupt header: webp: unable to parse image', 'Input buffer has corrupt header: webp: unable to parse image'],
    ['webp2vips: unable to read pixels', 'webp2vips: unable to read pixels'],
    ['tiff2vips: Decoding error at scanline 239, incorrect data check\ntiff2vips: read error', 'tiff2vips: Decoding error at scanline 239, incorrect data check'],
    [
      'source: bad seek to 7796\nsource: bad seek to 7764\nheif: Invalid input: Unexpected end of file: Extent in iloc box references data outside of file bounds (points to file position 250)\n (2.100)',
      'heif: Invalid input: Unexpected end of file: Extent in iloc box references data outside of file bounds (points to file position 250)',
    ],
    ['Input buffer has corrupt header: gifload_buffer: Unexpected end of GIF source data', 'Input buffer has corrupt header: gifload_buffer: Unexpected end of GIF source data'],
    // A truncated JPEG decoded beside other images: libvips' error buffer had lost libjpeg's reason.
    ['Warning treated as error due to failOn setting', 'Warning treated as error due to failOn setting'],
  ])('%j is CorruptImage, not retried', (message, detail) => {
    const error = translateSharpError(key, new Error(message), 'decode');

    expect(error).toBeInstanceOf(CorruptImageError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`${key}: the image data is truncated or corrupt (${detail})`);
  });

  it.each([
    'Input buffer contains unsupported image format',
    'Input buffer has corrupt header: heif: Unsupported feature: Unsupported codec (4.3000)',
    'VipsJpeg: Unsupported JPEG process: SOF type 0xc3',
  ])('%j is UnsupportedFormat, not retried', (message) => {
    const error = translateSharpError(key, new Error(message), 'decode');

    expect(error).toBeInstanceOf(UnsupportedFormatError);
    expect(error.retryable).toBe(false);
  });

  it.each([
    'VipsJpeg: Insufficient memory (case 4)',
    'Input buffer has corrupt header: VipsJpeg: Insufficient memory (case 4)',
    'vips_tracked: out of memory --- size == 512MB',
    'tiff2vips: out of memory',
    'heif: Memory allocation error: Security limit exceeded (5.1000)',
    'gifload_buffer: Out of memory',
  ])('%j is ResourceExhausted and retried, never CorruptImage', (message) => {
    const error = translateSharpError(key, new Error(message), 'decode');

    expect(error).toBeInstanceOf(ResourceExhaustedError);
    expect([error.code, error.retryable]).toEqual(['ResourceExhausted', true]);
    expect(error.message).toBe(`${key}: ran out of memory or another resource (${message}); it will be retried`);
  });

  it.each([
    // libvips' sequential-access error: a pipeline fault, not the file.
    'VipsJpeg: out of order read at line 48',
    'VipsImage: memory area too small -- should be 12288 bytes, you passed 10',
    'Expected integer between 1 and 100 for quality but received 0 of type number',
    'something libvips never said before',
  ])('an unrecognised message (%j) is retried as ProcessingFailed, keeping its cause', (message) => {
    const cause = new Error(message);

    const error = translateSharpError(key, cause, 'decode');

    expect(error).not.toBeInstanceOf(CorruptImageError);
    expect([error.code, error.retryable, error.cause]).toEqual(['ProcessingFailed', true, cause]);
  });

  it('refuses a real truncated JPEG as CorruptImage', async () => {
    const error = await translated(() => sharp(hostile('truncated.jpg'), { failOn: 'warning' }).raw().toBuffer(), 'decode');

    expect(error).toBeInstanceOf(CorruptImageError);
  });
});

describe('translateSharpError at the encode stage: the input is never to blame', () => {
  it.each([
    ['webpsave_target: unable to encode', EncodeFailedError, 'EncodeFailed'],
    ['webpsave: unable to encode', EncodeFailedError, 'EncodeFailed'],
    ['Processed image is too large for the JPEG format', EncodeFailedError, 'EncodeFailed'],
    ['Expected integer between 1 and 100 for quality but received 0 of type number', EncodeFailedError, 'EncodeFailed'],
    // A decoder's words at the encode stage still do not blame the source.
    ['VipsJpeg: Corrupt JPEG data: bad Huffman code', EncodeFailedError, 'EncodeFailed'],
    ['tiffsave: out of memory', ResourceExhaustedError, 'ResourceExhausted'],
    ['VipsJpeg: Insufficient memory (case 53)', ResourceExhaustedError, 'ResourceExhausted'],
  ] as const)('%j is %o and retried', (message, errorClass, code) => {
    const error = translateSharpError(key, new Error(message), 'encode');

    expect(error).toBeInstanceOf(errorClass);
    expect([error.code, error.retryable]).toEqual([code, true]);
    expect(error.message).toContain(`${key}: `);
    expect(error.message).toContain(message);
  });

  it("retries a real encoder call with a bad quality (a programming error), naming sharp's reason", async () => {
    const pixels = sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } });

    const error = await translated(async () => applyEncoder(pixels, 'webp', 0).toBuffer(), 'encode');

    expect(error).toBeInstanceOf(EncodeFailedError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`${key}: encoding an output failed (Expected integer between 1 and 100 for quality but received 0 of type number); it will be retried`);
  });
});

describe('translateSharpError', () => {
  it('passes domain errors through unchanged', () => {
    const original = new CorruptImageError(key, 'bad');

    expect(translateSharpError(key, original, 'encode')).toBe(original);
  });

  it('accepts a thrown non-Error', () => {
    expect(translateSharpError(key, 'vipspng: libpng read error', 'decode')).toBeInstanceOf(CorruptImageError);
  });
});
