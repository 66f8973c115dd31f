import { describe, expect, it } from 'vitest';
import { binaryMediaTypesFor } from '../../stacks/binary-media-types.js';

const everyRecognisedImage = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif'];

describe('binaryMediaTypesFor', () => {
  it('derives binary media types from trigger suffixes, one per type, and keeps every image type the upload function recognises', () => {
    expect(binaryMediaTypesFor(['.jpg', '.jpeg', '.heic'])).toEqual(['image/jpeg', 'image/heic', ...everyRecognisedImage.slice(1), 'application/octet-stream', 'multipart/form-data']);
  });

  it('passes a type the stack does not accept as binary, so that the function can refuse it by its content', () => {
    expect(binaryMediaTypesFor(['.jpg', '.jpeg', '.png'])).toEqual(expect.arrayContaining(['image/webp', 'image/avif', 'image/gif', 'image/tiff']));
    expect(binaryMediaTypesFor(['.jpg'])).not.toContain('image/svg+xml');
  });

  it('maps the upper-case suffixes cameras write to the same types', () => {
    expect(binaryMediaTypesFor(['.jpg', '.JPG', '.JPEG', '.png', '.PNG', '.TIFF'])).toEqual([
      'image/jpeg',
      'image/png',
      'image/tiff',
      'image/webp',
      'image/gif',
      'image/avif',
      'application/octet-stream',
      'multipart/form-data',
    ]);
  });
});
