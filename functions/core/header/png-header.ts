/** What a PNG's IHDR says: dimensions, sample depth, channels and whether it is Adam7-interlaced. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly channels: number;
  readonly interlaced: boolean;
}

/** Channels per PNG colour type: grey, RGB, palette, grey+alpha, RGBA. */
const channelsByColourType: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The IHDR chunk, which the standard puts first; undefined when it is not there. */
export function readPngHeader(bytes: Buffer): PngHeader | undefined {
  if (bytes.length < 29 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes[24]!,
    channels: channelsByColourType[bytes[25]!] ?? 4,
    interlaced: bytes[28] === 1,
  };
}
