import { describe, expect, it } from 'vitest';
import { contentDispositionFileName, requestBody, requestedFileName, utf8ReadAsLatin1 } from '../../../functions/upload/request.js';

describe('requestedFileName', () => {
  it('prefers X-Filename (any case), then ?filename=, then Content-Disposition', () => {
    const disposition = { 'Content-Disposition': 'attachment; filename="c.jpg"' };
    expect(requestedFileName({ headers: { 'x-FILENAME': 'a.jpg', ...disposition }, queryStringParameters: { filename: 'b.jpg' } })).toBe('a.jpg');
    expect(requestedFileName({ headers: disposition, queryStringParameters: { filename: 'b.jpg' } })).toBe('b.jpg');
    expect(requestedFileName({ headers: disposition, queryStringParameters: null })).toBe('c.jpg');
    expect(requestedFileName({ headers: {}, queryStringParameters: null })).toBeUndefined();
  });

  it('percent-decodes an encoded X-Filename and keeps a literal % otherwise', () => {
    expect(requestedFileName({ headers: { 'X-Filename': 'caf%C3%A9.jpg' }, queryStringParameters: null })).toBe('café.jpg');
    expect(requestedFileName({ headers: { 'X-Filename': '100% cotton.jpg' }, queryStringParameters: null })).toBe('100% cotton.jpg');
  });
});

describe('utf8ReadAsLatin1', () => {
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  it.each([
    ['UTF-8 bytes read one per character', latin1('café 写真.jpg'), 'café 写真.jpg'],
    ['a raw UTF-8 query value read the same way', latin1('été.png'), 'été.png'],
    ['text decoded already (past U+00FF)', '写真.jpg', '写真.jpg'],
    ['real Latin-1 that is not UTF-8', 'été.jpg', 'été.jpg'],
    ['ASCII', 'plain.jpg', 'plain.jpg'],
  ])('%s', (_label, value, expected) => {
    expect(utf8ReadAsLatin1(value)).toBe(expected);
  });

  it('applies to every source of the name', () => {
    const raw = latin1('café.jpg');
    expect(requestedFileName({ headers: { 'X-Filename': raw }, queryStringParameters: null })).toBe('café.jpg');
    expect(requestedFileName({ headers: {}, queryStringParameters: { filename: raw } })).toBe('café.jpg');
    expect(requestedFileName({ headers: { 'Content-Disposition': `attachment; filename="${raw}"` }, queryStringParameters: null })).toBe('café.jpg');
  });
});

describe('contentDispositionFileName', () => {
  it.each([
    ['attachment; filename="a b.jpg"', 'a b.jpg'],
    ['attachment; filename=plain.png', 'plain.png'],
    ['attachment; filename="q\\"uote.jpg"', 'q"uote.jpg'],
    ["attachment; filename=\"fallback.jpg\"; filename*=UTF-8''%E5%86%99%E7%9C%9F.jpg", '写真.jpg'],
    ['inline', undefined],
  ])('%s', (header, expected) => {
    expect(contentDispositionFileName(header)).toBe(expected);
  });
});

describe('requestBody', () => {
  const max = 10;
  it('decodes a base64 body', () => {
    expect(requestBody({ headers: {}, body: Buffer.from([0xff, 0xd8, 0xff]).toString('base64'), isBase64Encoded: true }, max, 'a')).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('takes a non-base64 body as UTF-8 text', () => {
    expect(requestBody({ headers: {}, body: 'é', isBase64Encoded: false }, max, 'a')).toEqual(Buffer.from([0xc3, 0xa9]));
  });

  it('refuses by Content-Length before decoding', () => {
    expect(() => requestBody({ headers: { 'Content-Length': '11' }, body: 'AA==', isBase64Encoded: true }, max, 'a')).toThrow(/11 bytes exceeds the limit of 10/);
  });

  it('refuses a decoded body over the limit even without Content-Length', () => {
    expect(() => requestBody({ headers: {}, body: Buffer.alloc(11).toString('base64'), isBase64Encoded: true }, max, 'a')).toThrow(/exceeds the limit/);
  });

  it('rejects a malformed Content-Length', () => {
    expect(() => requestBody({ headers: { 'content-length': 'lots' }, body: 'x', isBase64Encoded: false }, max, 'a')).toThrow(/Content-Length/);
  });

  it.each([null, ''])('rejects a missing body (%j)', (body) => {
    expect(() => requestBody({ headers: {}, body, isBase64Encoded: false }, max, 'a')).toThrow(/no body/);
  });
});
