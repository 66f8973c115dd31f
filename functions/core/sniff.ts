/** Input formats the core decodes. HEIC (HEVC) and SVG are recognised but refused. */
export const supportedInputFormats = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif'] as const;
export type SupportedInputFormat = (typeof supportedInputFormats)[number];

/** Bytes sniffImageFormat needs to see to recognise every format it knows. */
export const sniffHeadBytes = 64;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

const ascii = (head: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...head.subarray(from, Math.min(to, head.length)));

const avifBrands = new Set(['avif', 'avis']);
const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The brands of an ISO-BMFF `ftyp` box (major, then compatible), as far as `head` reaches. */
function ftypBrands(head: Uint8Array): string[] {
  const boxSize = ((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0);
  const end = Math.min(boxSize >>> 0, head.length);
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(head, at, at + 4));
  return brands;
}

/**
 * The image format named by the magic bytes at the start of a file: `jpeg`, `png`, `webp`, `gif`,
 * `tiff`, `avif`, `heif` or `svg`; undefined for anything else. Never looks at names or Content-Type.
 * Pass at least the first `sniffHeadBytes` bytes.
 */
export function sniffImageFormat(head: Uint8Array): string | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (ascii(head, 4, 8) === 'ftyp') {
    const brands = ftypBrands(head);
    if (brands.some((b) => avifBrands.has(b))) return 'avif';
    if (brands.some((b) => heifBrands.has(b))) return 'heif';
    return undefined;
  }
  const bom = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const text = ascii(head, bom, head.length).trimStart();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'svg';
  return undefined;
}

export function isSupportedInputFormat(format: string | undefined): format is SupportedInputFormat {
  return (supportedInputFormats as readonly (string | undefined)[]).includes(format);
}
