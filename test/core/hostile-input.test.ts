import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  CorruptImageError,
  DecodeTooCostlyError,
  EmptyInputError,
  InputTooLargeError,
  PixelLimitError,
  UnsupportedFormatError,
} from '../../functions/core/index.js';
import { failure, fixture, limits, run, specOf } from './helpers.js';

const spec = specOf([
  { name: 'thumb', width: 200, height: 200, fit: 'cover', formats: ['jpeg', 'webp'] },
  { name: 'big', width: 1200, formats: ['png'] },
]);


describe('hostile input', () => {
  it.each([
    ['empty.png', EmptyInputError, 'EmptyInput', /the file is empty/],
    ['text-named.png', UnsupportedFormatError, 'UnsupportedFormat', /not a supported image \(its first bytes \(54 68 69 73/],
    ['truncated.jpg', CorruptImageError, 'CorruptImage', /truncated or corrupt \(VipsJpeg: premature end of JPEG image\)/],
    ['truncated.png', CorruptImageError, 'CorruptImage', /truncated or corrupt \(.*libpng read error\)/],
    ['corrupt.jpg', CorruptImageError, 'CorruptImage', /truncated or corrupt \(VipsJpeg: Corrupt JPEG data/],
    ['corrupt-header.jpg', CorruptImageError, 'CorruptImage', /truncated or corrupt \(.*Bogus Huffman table/],
    ['bomb.png', PixelLimitError, 'PixelLimitExceeded', /20000x20000 = 400000000 pixels exceeds the limit of \d+ pixels/],
    ['many-scans.jpg', DecodeTooCostlyError, 'TooCostlyToDecode', /too costly to decode \(a JPEG with 883 scans;/],
  ] as const)('%s is refused with %o and no outputs', async (name, errorClass, code, reason) => {
    const key = `images/uploads/${name}`;

    const error = await failure(fixture(`hostile/${name}`), key, spec);

    expect(error).toBeInstanceOf(errorClass);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.message.startsWith(`${key}: `)).toBe(true);
    expect(error.message).toMatch(reason);
  });

  it('checks the pixel limit from the header before decoding anything', async () => {
    // The bomb's header and the first bytes of its pixel data: decoding fails as corrupt, so a
    // PixelLimitError proves the limit was applied first.
    const headerOnly = fixture('hostile/bomb.png').subarray(0, 100);
    await expect(sharp(headerOnly, { limitInputPixels: false }).raw().toBuffer()).rejects.toThrow(/read error/);

    const error = await failure(headerOnly, 'images/header-only.png', spec);

    expect(error).toBeInstanceOf(PixelLimitError);
  });

  it('applies the configured pixel limit to ordinary images', async () => {
    const small = specOf([{ name: 'w', width: 100, formats: ['jpeg'] }], {}, { maxInputPixels: 640 * 480 - 1 });

    const error = await failure(fixture('photo-640x480.jpg'), 'images/photo.jpg', small);

    expect(error).toBeInstanceOf(PixelLimitError);
    expect(error.message).toBe(`images/photo.jpg: 640x480 = 307200 pixels exceeds the limit of ${640 * 480 - 1} pixels`);
  });

  it('refuses a file over the byte limit before sniffing it', async () => {
    const input = fixture('photo-640x480.jpg');
    const small = specOf([{ name: 'w', width: 100, formats: ['jpeg'] }], {}, { maxInputBytes: input.length - 1 });

    const error = await failure(input, 'images/photo.jpg', small);

    expect(error).toBeInstanceOf(InputTooLargeError);
    expect(error.message).toBe(`images/photo.jpg: ${input.length} bytes exceeds the limit of ${input.length - 1} bytes`);
    expect(limits.maxInputBytes).toBeGreaterThan(input.length);
  });

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', /svg is not accepted/],
    ['a HEIC', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]), /heif is not accepted/],
    ['a PDF', '%PDF-1.7\n', /first bytes \(25 50 44 46/],
  ])('refuses %s named .jpg by its bytes', async (_what, content, reason) => {
    const error = await failure(Buffer.from(content), 'images/picture.jpg', spec);

    expect(error).toBeInstanceOf(UnsupportedFormatError);
    expect(error.message).toMatch(reason);
  });
});
