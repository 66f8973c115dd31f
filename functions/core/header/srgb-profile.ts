/**
 * Recognises an embedded ICC profile that describes sRGB itself (HP's "sRGB IEC61966-2.1", the
 * profiles lcms, libvips, cameras and editors write), so the decoder can skip converting from it
 * to sRGB: that conversion (lcms, at the shrunk size) cost 11-20 ms of CPU per 2560x1600 photo
 * here and changed no pixel. Judged by what a colour engine uses, not by the profile's name: a
 * matrix/TRC RGB profile (no lookup tables, which could render perceptual intent differently)
 * whose primaries and tone curves are sRGB's. Anything else, or anything unreadable, is "not sRGB"
 * and gets converted as before.
 */

/** sRGB's primaries adapted to the D50 PCS (IEC 61966-2-1 with the Bradford transform), as ICC profiles store them. */
const srgbColorants = {
  rXYZ: [0.43607, 0.22249, 0.01392],
  gXYZ: [0.38515, 0.71687, 0.09708],
  bXYZ: [0.14307, 0.06061, 0.7141],
} as const;
/** Profiles round the colorants differently (4e-4 apart among the common ones); far below one 8-bit level. */
const colorantTolerance = 0.001;
/** Largest difference a tone curve may have from sRGB's, in 8-bit levels of the encoded value. */
const curveToleranceLevels = 0.5;
/** Tags holding lookup tables: when present, a colour engine may use them instead of the matrix and curves. */
const lutTags = ['A2B0', 'A2B1', 'A2B2', 'B2A0', 'B2A1', 'B2A2', 'D2B0', 'D2B1', 'D2B2', 'D2B3', 'B2D0', 'B2D1', 'B2D2', 'B2D3'];

/** sRGB's encoding of a linear value (the inverse of its tone curve). */
const srgbEncode = (linear: number): number => (linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055);

interface Tag {
  readonly offset: number;
  readonly length: number;
}

function tagTable(icc: Buffer): Map<string, Tag> | undefined {
  if (icc.length < 132) return undefined;
  const count = icc.readUInt32BE(128);
  if (132 + count * 12 > icc.length) return undefined;
  const tags = new Map<string, Tag>();
  for (let i = 0; i < count; i++) {
    const at = 132 + i * 12;
    const offset = icc.readUInt32BE(at + 4);
    const length = icc.readUInt32BE(at + 8);
    if (offset + length > icc.length) return undefined;
    tags.set(icc.toString('latin1', at, at + 4), { offset, length });
  }
  return tags;
}

const typeOf = (icc: Buffer, tag: Tag): string => (tag.length >= 8 ? icc.toString('latin1', tag.offset, tag.offset + 4) : '');
const s15Fixed16 = (icc: Buffer, at: number): number => icc.readInt32BE(at) / 65536;

function colorantIsSrgb(icc: Buffer, tag: Tag | undefined, expected: readonly number[]): boolean {
  if (tag === undefined || tag.length < 20 || typeOf(icc, tag) !== 'XYZ ') return false;
  return expected.every((value, i) => Math.abs(s15Fixed16(icc, tag.offset + 8 + i * 4) - value) <= colorantTolerance);
}

/** The curve of a `curv` or `para` tag as a function from encoded to linear, or undefined. */
function toneCurve(icc: Buffer, tag: Tag): ((x: number) => number) | undefined {
  const type = typeOf(icc, tag);
  if (type === 'curv' && tag.length >= 12) {
    const count = icc.readUInt32BE(tag.offset + 8);
    if (count < 2 || tag.length < 12 + count * 2) return undefined; // 0: identity, 1: a pure gamma; neither is sRGB
    return (x) => {
      const position = x * (count - 1);
      const i = Math.min(count - 2, Math.floor(position));
      const a = icc.readUInt16BE(tag.offset + 12 + i * 2) / 65535;
      const b = icc.readUInt16BE(tag.offset + 14 + i * 2) / 65535;
      return a + (b - a) * (position - i);
    };
  }
  if (type === 'para' && tag.length >= 12) {
    const kind = icc.readUInt16BE(tag.offset + 8);
    const parameterCount = [1, 3, 4, 5, 7][kind];
    if (parameterCount === undefined || tag.length < 12 + parameterCount * 4) return undefined;
    const [g = 1, a = 1, b = 0, c = 0, d = 0, e = 0, f = 0] = Array.from({ length: parameterCount }, (_, i) => s15Fixed16(icc, tag.offset + 12 + i * 4));
    switch (kind) {
      case 0:
        return (x) => x ** g;
      case 1:
        return (x) => (x >= -b / a ? (a * x + b) ** g : 0);
      case 2:
        return (x) => (x >= -b / a ? (a * x + b) ** g + c : c);
      case 3:
        return (x) => (x >= d ? (a * x + b) ** g : c * x);
      default:
        return (x) => (x >= d ? (a * x + b) ** g + e : c * x + f);
    }
  }
  return undefined;
}

function curveIsSrgb(icc: Buffer, tag: Tag | undefined): boolean {
  const curve = tag === undefined ? undefined : toneCurve(icc, tag);
  if (curve === undefined) return false;
  for (let level = 0; level <= 255; level++) {
    const linear = Math.min(1, Math.max(0, curve(level / 255)));
    if (Math.abs(srgbEncode(linear) * 255 - level) > curveToleranceLevels) return false;
  }
  return true;
}

/** Whether `icc` is an RGB matrix/TRC profile with sRGB's primaries and tone curves (see the file's comment). */
export function isSrgbProfile(icc: Buffer): boolean {
  if (icc.length < 132 || icc.toString('latin1', 36, 40) !== 'acsp') return false;
  if (icc.toString('latin1', 16, 20) !== 'RGB ' || icc.toString('latin1', 20, 24) !== 'XYZ ') return false;
  const tags = tagTable(icc);
  if (tags === undefined || lutTags.some((name) => tags.has(name))) return false;
  return (
    colorantIsSrgb(icc, tags.get('rXYZ'), srgbColorants.rXYZ) &&
    colorantIsSrgb(icc, tags.get('gXYZ'), srgbColorants.gXYZ) &&
    colorantIsSrgb(icc, tags.get('bXYZ'), srgbColorants.bXYZ) &&
    ['rTRC', 'gTRC', 'bTRC'].every((name) => curveIsSrgb(icc, tags.get(name)))
  );
}
