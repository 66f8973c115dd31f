import { describe, expect, it } from 'vitest';
import { binaryMediaTypesFor } from '../../stacks/binary-media-types.js';

describe('binaryMediaTypesFor', () => {
  it('derives binary media types from trigger suffixes, one per type', () => {
    expect(binaryMediaTypesFor(['.jpg', '.jpeg', '.heic'])).toEqual(['image/jpeg', 'image/heic', 'application/octet-stream', 'multipart/form-data']);
  });

  it('maps the upper-case suffixes cameras write to the same types', () => {
    expect(binaryMediaTypesFor(['.jpg', '.JPG', '.JPEG', '.png', '.PNG', '.TIFF'])).toEqual([
      'image/jpeg',
      'image/png',
      'image/tiff',
      'application/octet-stream',
      'multipart/form-data',
    ]);
  });
});
