import { describe, expect, it } from 'vitest';
import { CorruptImageError, ImageProcessingError, UnsupportedFormatError } from '../../functions/core/index.js';
import { translateSharpError } from '../../functions/core/sharp-errors.js';

describe('translateSharpError', () => {
  it.each([
    ['Input buffer has corrupt header: VipsJpeg: Bogus Huffman table definition\nVipsJpeg: more', CorruptImageError, 'Input buffer has corrupt header: VipsJpeg: Bogus Huffman table definition'],
    ['VipsJpeg: premature end of JPEG image', CorruptImageError, 'VipsJpeg: premature end of JPEG image'],
    ['vipspng: libpng read error', CorruptImageError, 'vipspng: libpng read error'],
    ['gifload: no frames in GIF', CorruptImageError, 'gifload: no frames in GIF'],
    ['Input buffer contains unsupported image format', UnsupportedFormatError, 'Input buffer contains unsupported image format'],
  ])('turns %j into %o', (message, errorClass, detail) => {
    const error = translateSharpError('images/x.jpg', new Error(message));

    expect(error).toBeInstanceOf(errorClass);
    expect(error.message).toContain(`images/x.jpg: `);
    expect(error.message).toContain(detail);
    expect(error.message).not.toContain('\n');
    expect(error.retryable).toBe(false);
  });

  it('reports an unknown failure as retryable, keeping the cause', () => {
    const cause = new Error('vips_malloc: out of memory --- failed to allocate 400000000 bytes');

    const error = translateSharpError('images/x.jpg', cause);

    expect(error).toBeInstanceOf(ImageProcessingError);
    expect([error.code, error.retryable, error.cause]).toEqual(['ProcessingFailed', true, cause]);
  });

  it('passes domain errors through unchanged', () => {
    const original = new CorruptImageError('images/x.jpg', 'bad');

    expect(translateSharpError('images/x.jpg', original)).toBe(original);
  });
});
