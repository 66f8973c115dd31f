import { describe, expect, it } from 'vitest';
import { decodeS3Key, encodeS3Key, EventShapeError, unquoteETag } from '../../../functions/events/index.js';

// Keys with what S3 notifications make of them (captured encodings are in captured.test.ts).
const known: [encoded: string, key: string][] = [
  ['images/summer+holiday/beach+%281%29.jpg', 'images/summer holiday/beach (1).jpg'],
  ['images/c%2B%2B+notes/a%2Bb%3Dc.webp', 'images/c++ notes/a+b=c.webp'],
  ['images/2026/11/22/caf%C3%A9+cr%C3%A8me.png', 'images/2026/11/22/café crème.png'],
  ['images/%E6%97%A5%E6%9C%AC/%E5%86%99%E7%9C%9F.jpeg', 'images/日本/写真.jpeg'],
  ['images/it%27s+100%25+done%21.jpg', "images/it's 100% done!.jpg"],
  ['images/plain.jpg', 'images/plain.jpg'],
];

describe('decodeS3Key', () => {
  it.each(known)('decodes %s', (encoded, key) => {
    expect(decodeS3Key(encoded)).toBe(key);
  });

  it('treats + as a space and %2B as a plus', () => {
    expect(decodeS3Key('a+b%2Bc')).toBe('a b+c');
  });

  it('rejects a key that is not URL-encoded (a bare %)', () => {
    expect(() => decodeS3Key('images/100% cotton.jpg')).toThrow(EventShapeError);
  });

  it('rejects an escape that is not UTF-8', () => {
    expect(() => decodeS3Key('images/%FF.jpg')).toThrow(EventShapeError);
  });
});

describe('encodeS3Key (the one encoder: kit and test factories)', () => {
  it.each(known)('encodes to %s', (encoded, key) => {
    expect(encodeS3Key(key)).toBe(encoded);
  });
});

describe('unquoteETag', () => {
  it.each([
    ['"9b2cf535f27731c974343645a3985328"', '9b2cf535f27731c974343645a3985328'],
    ['9b2cf535f27731c974343645a3985328', '9b2cf535f27731c974343645a3985328'],
    ['"d41d8cd98f00b204e9800998ecf8427e-3"', 'd41d8cd98f00b204e9800998ecf8427e-3'],
  ])('%s -> %s', (quoted, bare) => {
    expect(unquoteETag(quoted)).toBe(bare);
  });
});
