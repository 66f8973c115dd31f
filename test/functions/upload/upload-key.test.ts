import { describe, expect, it } from 'vitest';
import { defaults } from '../../../config/index.js';
import { UnsupportedFormatError } from '../../../functions/core/errors.js';
import { uploadKeyFor } from '../../../functions/upload/upload-key.js';

const base = {
  triggerPrefix: 'images/',
  allowedSuffixes: [...defaults.triggerSuffixes],
  now: new Date('2026-11-22T23:59:59Z'),
  id: '0b7d5c1e-2f4a-4c1b-9a8e-3d2f1e0c9b8a',
};

describe('uploadKeyFor', () => {
  it('puts the upload under the trigger prefix, a UTC date and a unique id', () => {
    expect(uploadKeyFor({ ...base, fileName: 'beach (1).jpg', format: 'jpeg' })).toBe(
      'images/2026/11/22/0b7d5c1e-2f4a-4c1b-9a8e-3d2f1e0c9b8a-beach (1).jpg',
    );
  });

  it('keeps an extension that matches the content, lowercased', () => {
    expect(uploadKeyFor({ ...base, fileName: 'photo.JPEG', format: 'jpeg' })).toMatch(/-photo\.jpeg$/);
    expect(uploadKeyFor({ ...base, fileName: 'scan.TIFF', format: 'tiff' })).toMatch(/-scan\.tiff$/);
  });

  it("uses the content's extension when the name's disagrees or is missing", () => {
    expect(uploadKeyFor({ ...base, fileName: 'photo.png', format: 'jpeg' })).toMatch(/-photo\.jpg$/);
    expect(uploadKeyFor({ ...base, fileName: 'notes.txt', format: 'webp' })).toMatch(/-notes\.webp$/);
    expect(uploadKeyFor({ ...base, fileName: 'upload', format: 'tiff' })).toMatch(/-upload\.tif$/);
  });

  it('only picks extensions the trigger allows', () => {
    expect(uploadKeyFor({ ...base, allowedSuffixes: ['.jpeg', '.png'], fileName: 'a.jpg', format: 'jpeg' })).toMatch(/-a\.jpeg$/);
  });

  it('refuses a format with no allowed extension', () => {
    expect(() => uploadKeyFor({ ...base, allowedSuffixes: ['.jpg'], fileName: 'a.gif', format: 'gif' })).toThrow(UnsupportedFormatError);
  });
});
