import { describe, expect, it } from 'vitest';
import { sanitiseFileName, splitExtension } from '../../../functions/upload/file-name.js';

describe('sanitiseFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\config', 'config'],
    ['/absolute/path/photo.jpg', 'photo.jpg'],
    ['..', 'upload'],
    ['.hidden.jpg', 'hidden.jpg'],
    ['a\u0000b\u0007c\u001b[31m.jpg', 'abc_31m.jpg'],
    ['line\r\nbreak.png', 'linebreak.png'],
    ['evil\u202Egpj.exe', 'evilgpj.exe'],
    ['summer holiday (1).jpg', 'summer holiday (1).jpg'],
    ['  many   spaces\t.jpg  ', 'many spaces.jpg'],
    ['tab\tseparated  name.jpg', 'tabseparated name.jpg'],
    ['café crème.png', 'café crème.png'],
    ['写真 01.jpeg', '写真 01.jpeg'],
    ['a+b=c&d;e|f*?.webp', 'a_b_c_d_e_f_.webp'],
    ['<script>.gif', 'script_.gif'],
    ['', 'upload'],
    ['%%%', 'upload'],
  ])('%j -> %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('NFC-normalises, so a decomposed é becomes one code point', () => {
    const decomposed = 'cafe\u0301.jpg';
    expect(sanitiseFileName(decomposed)).toBe('caf\u00e9.jpg');
  });

  it('caps the length and keeps the extension', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.jpeg`, 20);
    expect(name).toBe(`${'x'.repeat(15)}.jpeg`);
  });

  it('counts code points, not UTF-16 units, when capping', () => {
    expect([...sanitiseFileName(`${'日'.repeat(50)}.png`, 10)]).toHaveLength(10);
  });
});

describe('splitExtension', () => {
  it('splits at the last dot, not a leading one', () => {
    expect(splitExtension('a.b.JPG')).toEqual({ stem: 'a.b', extension: '.JPG' });
    expect(splitExtension('.profile')).toEqual({ stem: '.profile', extension: '' });
    expect(splitExtension('noext')).toEqual({ stem: 'noext', extension: '' });
  });
});
