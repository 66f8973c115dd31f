/**
 * Walks a JPEG's markers without decoding anything: the frame (dimensions, components, sampling,
 * progressive or not) and every scan's header. Entropy-coded data is skipped by looking for the
 * next marker, so the walk costs one pass over the bytes.
 */

export interface JpegComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
}

export interface JpegScan {
  /** Component ids in this scan. */
  readonly componentIds: readonly number[];
  /** Spectral selection start and end, successive approximation high and low. */
  readonly ss: number;
  readonly se: number;
  readonly ah: number;
  readonly al: number;
}

export interface JpegStructure {
  readonly width: number;
  readonly height: number;
  readonly progressive: boolean;
  readonly components: readonly JpegComponent[];
  readonly scans: readonly JpegScan[];
}

/** Markers that carry no length: TEM, RST0-7, SOI, EOI. */
const standalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
/** Start-of-frame markers: C0-CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** SOF2, SOF6, SOF10, SOF14: progressive (Huffman or arithmetic, sequential-differential or not). */
const isProgressive = (marker: number): boolean => marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce;

/** Offset of the next marker (an 0xFF not followed by a stuffed 0x00 or a restart marker) at or after `from`. */
function nextMarkerAfterEntropyData(bytes: Buffer, from: number): number {
  let at = from;
  for (;;) {
    at = bytes.indexOf(0xff, at);
    if (at < 0 || at + 1 >= bytes.length) return bytes.length;
    const next = bytes[at + 1]!;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
      at += next === 0xff ? 1 : 2;
      continue;
    }
    return at;
  }
}

/**
 * The frame and scan headers of `bytes`, as far as the data reaches (a truncated file yields the
 * scans seen so far). Returns undefined when there is no frame header: the decoder will say why.
 */
export function readJpegStructure(bytes: Buffer): JpegStructure | undefined {
  let frame: Omit<JpegStructure, 'scans'> | undefined;
  const scans: JpegScan[] = [];
  let at = 2; // after SOI
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) {
      at = nextMarkerAfterEntropyData(bytes, at);
      continue;
    }
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (standalone(marker)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) break;
    const length = bytes.readUInt16BE(at + 2);
    const body = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) break;
    if (isStartOfFrame(marker) && frame === undefined && length >= 8) {
      const count = bytes[body + 5]!;
      const components: JpegComponent[] = [];
      for (let i = 0; i < count && body + 6 + i * 3 + 2 < end; i++) {
        const sampling = bytes[body + 7 + i * 3]!;
        components.push({ id: bytes[body + 6 + i * 3]!, h: sampling >> 4, v: sampling & 0x0f });
      }
      frame = { height: bytes.readUInt16BE(body + 1), width: bytes.readUInt16BE(body + 3), progressive: isProgressive(marker), components };
    } else if (marker === 0xda && length >= 6) {
      const count = bytes[body]!;
      const componentIds = Array.from({ length: count }, (_, i) => bytes[body + 1 + i * 2]!);
      const tail = body + 1 + count * 2;
      if (tail + 3 <= end) {
        const approximation = bytes[tail + 2] ?? 0;
        scans.push({ componentIds, ss: bytes[tail]!, se: bytes[tail + 1]!, ah: approximation >> 4, al: approximation & 0x0f });
      }
      at = nextMarkerAfterEntropyData(bytes, end);
      continue;
    }
    at = end;
  }
  return frame === undefined ? undefined : { ...frame, scans };
}

/** 8x8 blocks of each component, by id, for the frame's sampling factors. */
export function blocksPerComponent(structure: Pick<JpegStructure, 'width' | 'height' | 'components'>): Map<number, number> {
  const hMax = Math.max(1, ...structure.components.map((c) => c.h));
  const vMax = Math.max(1, ...structure.components.map((c) => c.v));
  return new Map(
    structure.components.map((c) => {
      const width = Math.ceil((structure.width * c.h) / hMax);
      const height = Math.ceil((structure.height * c.v) / vMax);
      return [c.id, Math.ceil(width / 8) * Math.ceil(height / 8)];
    }),
  );
}

/**
 * How many times the decoder visits a block, over all scans, divided by the blocks there are: 1 for
 * a baseline image, about 5 to 6 for libjpeg's standard progressive script. Each visit is a pass
 * of the entropy decoder over that block, whatever the scan carries, so this is what a many-scan
 * file multiplies.
 */
export function scanPassesPerBlock(structure: JpegStructure): number {
  const blocks = blocksPerComponent(structure);
  const total = [...blocks.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return 0;
  const visits = structure.scans.reduce((sum, scan) => sum + scan.componentIds.reduce((s, id) => s + (blocks.get(id) ?? 0), 0), 0);
  return visits / total;
}
