import { describe, expect, it } from 'vitest';
import { isSupportedInputFormat, sniffHeadBytes, sniffImageFormat } from '../../functions/core/index.js';
import { fixture } from './helpers.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffImageFormat', () => {
  it.each([
    ['photo-640x480.jpg', 'jpeg'],
    ['alpha-600x400.png', 'png'],
    ['photo-800x600.webp', 'webp'],
    ['animated-3frames-200x150.gif', 'gif'],
    ['photo-320x240.tif', 'tiff'],
    ['photo-avif-640x480.avif', 'avif'],
    ['rgb16-640x480.png', 'png'],
    ['cmyk-640x480.jpg', 'jpeg'],
  ])('recognises %s as %s from its first bytes', (name, format) => {
    const head = fixture(name).subarray(0, sniffHeadBytes);

    expect(sniffImageFormat(head)).toBe(format);
    expect(isSupportedInputFormat(format)).toBe(true);
  });

  it.each([
    ['big-endian TIFF', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'tiff'],
    ['BigTIFF', bytes([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0]), 'tiff'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif'],
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), 'heif'],
    ['AVIF listed only as a compatible brand', bytes([0, 0, 0, 28], 'ftypmif1', [0, 0, 0, 0], 'mif1miafavif'), 'avif'],
    ['MP4 video', bytes([0, 0, 0, 24], 'ftypisom', [0, 0, 2, 0], 'isomiso2'), undefined],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg'],
    ['SVG with an XML declaration and BOM', bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0"?>\n<svg/>'), 'svg'],
    ['plain text', bytes('hello, I am not a PNG'), undefined],
    ['a PNG signature cut short', bytes([0x89, 0x50, 0x4e, 0x47]), undefined],
    ['nothing', new Uint8Array(0), undefined],
  ])('classifies %s', (_what, head, format) => {
    expect(sniffImageFormat(head)).toBe(format);
  });

  it('refuses HEIC and SVG as inputs', () => {
    expect(isSupportedInputFormat('heif')).toBe(false);
    expect(isSupportedInputFormat('svg')).toBe(false);
    expect(isSupportedInputFormat(undefined)).toBe(false);
  });
});
