import { describe, expect, it } from 'vitest';
import { outputKeysFor, sourceKeyParts } from '../../functions/core/index.js';
import { specOf } from './helpers.js';

const twoByTwo = specOf(
  [
    { name: 'thumb', width: 200, height: 200, fit: 'cover', formats: ['webp', 'jpeg'] },
    { name: 'wide', width: 500, formats: ['png', 'avif'] },
  ],
  { keyTemplate: '{dir}{name}/{variant}-{width}x{height}.{ext}' },
);
const context = { triggerPrefix: 'images/', outputPrefix: 'out/' };

describe('outputKeysFor', () => {
  it('lists every variant in spec order and each of its formats in order', () => {
    expect(outputKeysFor('images/cat.jpg', twoByTwo, context)).toEqual([
      'out/cat/thumb-200x200.webp',
      'out/cat/thumb-200x200.jpg',
      'out/cat/wide-500xauto.png',
      'out/cat/wide-500xauto.avif',
    ]);
  });

  it('keeps the folders below the trigger prefix as {dir}', () => {
    expect(outputKeysFor('images/a/b/cat.jpg', twoByTwo, context)[0]).toBe('out/a/b/cat/thumb-200x200.webp');
  });

  it('keeps every folder of a key outside the trigger prefix', () => {
    expect(outputKeysFor('elsewhere/x/cat.jpg', twoByTwo, context)[0]).toBe('out/elsewhere/x/cat/thumb-200x200.webp');
  });

  it.each([
    ['spaces', 'images/my photos/summer day.jpg', 'out/my photos/summer day/thumb-200x200.webp'],
    ['plus signs (a literal +, not an encoded space)', 'images/a+b/c+d.jpg', 'out/a+b/c+d/thumb-200x200.webp'],
    ['parentheses', 'images/(1)/cat (copy).jpeg', 'out/(1)/cat (copy)/thumb-200x200.webp'],
    ['unicode, normalised to NFC', 'images/fe\u0301te/\u{1F408} ca\u0300.jpg', 'out/f\u00e9te/\u{1F408} c\u00e0/thumb-200x200.webp'],
    ['control characters, removed', 'images/bad\u0000\u001f\u007f\u0085dir/c\u0007at.jpg', 'out/baddir/cat/thumb-200x200.webp'],
    ['dot-dot folders, dropped', 'images/../../etc/./passwd.jpg', 'out/etc/passwd/thumb-200x200.webp'],
    ['doubled and leading slashes, collapsed', 'images//a///cat.jpg', 'out/a/cat/thumb-200x200.webp'],
    ['only the last extension removed', 'images/archive.tar.jpg', 'out/archive.tar/thumb-200x200.webp'],
  ])('keeps keys safe and faithful with %s', (_what, sourceKey, expected) => {
    expect(outputKeysFor(sourceKey, twoByTwo, context)[0]).toBe(expected);
  });

  it('never renders a `..` segment or a leading slash, even from a name of dots', () => {
    const spec = specOf([{ name: 'w', width: 10, formats: ['png'] }], { keyTemplate: '{dir}{name}/{variant}.{ext}' });

    const keys = ['images/...jpg', 'images/..', 'images/a/.jpg', '/images/x.jpg'].map(
      (key) => outputKeysFor(key, spec, { triggerPrefix: 'images/', outputPrefix: '' })[0]!,
    );

    expect(keys).toEqual(['_/w.png', '_/w.png', 'a/.jpg/w.png', 'images/x/w.png']);
    for (const key of keys) {
      expect(key.split('/')).not.toContain('..');
      expect(key.startsWith('/')).toBe(false);
    }
  });

  it('renders the seed presets as the seeds wrote them', () => {
    const seeds = {
      'resized/{dir}{name}.{ext}': ['png', 'resized/a/cat.png'],
      'output/{dir}{name}.{ext}': ['jpeg', 'output/a/cat.jpg'],
      '{dir}{name}_{variant}.{ext}': ['webp', 'a/cat_w.webp'],
    } as const;
    for (const [keyTemplate, [format, expected]] of Object.entries(seeds)) {
      const spec = specOf([{ name: 'w', width: 10, formats: [format] }], { keyTemplate });
      expect(outputKeysFor('images/a/cat.jpg', spec, { triggerPrefix: 'images/', outputPrefix: '' })).toEqual([expected]);
    }
  });
});

describe('sourceKeyParts', () => {
  it('splits a nested key into folders below the prefix and a base name', () => {
    expect(sourceKeyParts('images/a/b/cat.jpg', 'images/')).toEqual({ dir: 'a/b/', name: 'cat' });
    expect(sourceKeyParts('images/cat.jpg', 'images/')).toEqual({ dir: '', name: 'cat' });
    expect(sourceKeyParts('cat', '')).toEqual({ dir: '', name: 'cat' });
    expect(sourceKeyParts('images/.hidden', 'images/')).toEqual({ dir: '', name: '.hidden' });
  });
});
