import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isSrgbProfile } from '../../functions/core/header/srgb-profile.js';
import { colourDistance, decode, meanAround, run, specOf } from './helpers.js';

/** The profile libvips embeds for `withIccProfile(name)`: 'srgb' and 'p3' are v4 matrix/TRC profiles with parametric curves. */
async function builtInProfile(name: 'srgb' | 'p3' | 'cmyk'): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).withIccProfile(name).jpeg().toBuffer();
  return (await sharp(jpeg).metadata()).icc!;
}

const srgbLinear = (encoded: number): number => (encoded <= 0.04045 ? encoded / 12.92 : ((encoded + 0.055) / 1.055) ** 2.4);

/**
 * A v2 matrix/TRC RGB profile as HP's "sRGB IEC61966-2.1" is laid out: XYZ colorants and one
 * sampled `curv` per channel (`curve`: encoded value -> linear, or a gamma for a one-entry curve).
 */
function v2Profile(options: { colorants: number[][]; curve: ((x: number) => number) | number; extraTag?: string }): Buffer {
  const xyz = (values: number[]): Buffer => {
    const tag = Buffer.alloc(20);
    tag.write('XYZ ', 0, 'latin1');
    values.forEach((v, i) => tag.writeInt32BE(Math.round(v * 65536), 8 + i * 4));
    return tag;
  };
  const { curve } = options;
  const entries = typeof curve === 'number' ? 1 : 1024;
  const curv = Buffer.alloc(12 + entries * 2 + (entries % 2) * 2);
  curv.write('curv', 0, 'latin1');
  curv.writeUInt32BE(entries, 8);
  for (let i = 0; i < entries; i++) {
    curv.writeUInt16BE(typeof curve === 'number' ? Math.round(curve * 256) : Math.round(curve(i / (entries - 1)) * 65535), 12 + i * 2);
  }
  const [r, g, b] = options.colorants.map(xyz) as [Buffer, Buffer, Buffer];
  const tags: [string, Buffer][] = [['rXYZ', r], ['gXYZ', g], ['bXYZ', b], ['rTRC', curv], ['gTRC', curv], ['bTRC', curv]];
  if (options.extraTag !== undefined) tags.push([options.extraTag, Buffer.alloc(32)]);
  const header = Buffer.alloc(128);
  header.write('mntrRGB XYZ ', 12, 'latin1');
  header.write('acsp', 36, 'latin1');
  header.writeUInt32BE(0x02100000, 8);
  const table = Buffer.alloc(4 + tags.length * 12);
  table.writeUInt32BE(tags.length, 0);
  let offset = 128 + table.length;
  const bodies: Buffer[] = [];
  tags.forEach(([name, body], i) => {
    table.write(name, 4 + i * 12, 'latin1');
    table.writeUInt32BE(offset, 8 + i * 12);
    table.writeUInt32BE(body.length, 12 + i * 12);
    bodies.push(body);
    offset += body.length;
  });
  const profile = Buffer.concat([header, table, ...bodies]);
  profile.writeUInt32BE(profile.length, 0);
  return profile;
}

const srgbColorants = [[0.43607, 0.22249, 0.01392], [0.38515, 0.71687, 0.09708], [0.14307, 0.06061, 0.7141]];

describe('isSrgbProfile', () => {
  it("recognises libvips' sRGB profile and an HP-style one with sampled curves", async () => {
    expect(isSrgbProfile(await builtInProfile('srgb'))).toBe(true);
    expect(isSrgbProfile(v2Profile({ colorants: srgbColorants, curve: srgbLinear }))).toBe(true);
  });

  it('refuses other primaries, other curves, lookup tables and non-RGB profiles', async () => {
    expect(isSrgbProfile(await builtInProfile('p3'))).toBe(false);
    expect(isSrgbProfile(await builtInProfile('cmyk'))).toBe(false);
    // Gamma 2.2 is the usual stand-in for sRGB's curve: up to 3 levels darker in the shadows.
    expect(isSrgbProfile(v2Profile({ colorants: srgbColorants, curve: 2.2 }))).toBe(false);
    expect(isSrgbProfile(v2Profile({ colorants: srgbColorants, curve: (x) => srgbLinear(x) ** 1.02 }))).toBe(false);
    // Adobe RGB (1998)'s green.
    expect(isSrgbProfile(v2Profile({ colorants: [srgbColorants[0]!, [0.18556, 0.62736, 0.06891], srgbColorants[2]!], curve: srgbLinear }))).toBe(false);
    expect(isSrgbProfile(v2Profile({ colorants: srgbColorants, curve: srgbLinear, extraTag: 'A2B0' }))).toBe(false);
  });

  it('answers false, without throwing, for damaged bytes', async () => {
    const good = v2Profile({ colorants: srgbColorants, curve: srgbLinear });
    for (const bytes of [Buffer.alloc(0), good.subarray(0, 131), good.subarray(0, 400), Buffer.alloc(600, 0xff)]) {
      expect(isSrgbProfile(bytes)).toBe(false);
    }
  });
});

describe('processImage with an embedded profile', () => {
  const spec = specOf([{ name: 'w', width: 64, formats: ['png'] }]);
  const red = { r: 220, g: 30, b: 40 };
  const tagged = (profile: 'srgb' | 'p3'): Promise<Buffer> =>
    sharp({ create: { width: 64, height: 64, channels: 3, background: red } }).withIccProfile(profile).jpeg({ quality: 95 }).toBuffer();

  it('keeps the colours of a photo tagged sRGB', async () => {
    const pixels = await decode((await run(await tagged('srgb'), spec)).outputs[0]!.body);
    expect(colourDistance(meanAround(pixels, 32, 32), [red.r, red.g, red.b])).toBeLessThanOrEqual(3);
  });

  it('still converts a photo tagged Display P3 to sRGB', async () => {
    const input = await tagged('p3');
    // Stored in P3, the red's numbers are far from the sRGB ones; read without its profile it would look dull.
    const { data, info } = await sharp(input, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
    const stored = { data, width: info.width, height: info.height, channels: info.channels };
    expect(colourDistance(meanAround(stored, 32, 32), [red.r, red.g, red.b])).toBeGreaterThan(20);
    const pixels = await decode((await run(input, spec)).outputs[0]!.body);
    expect(colourDistance(meanAround(pixels, 32, 32), [red.r, red.g, red.b])).toBeLessThanOrEqual(3);
  });
});
