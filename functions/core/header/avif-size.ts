import type { Size } from '../geometry.js';

/** ISO-BMFF boxes whose children hold the image properties: meta (a full box), iprp, ipco. */
const containers: Readonly<Record<string, number>> = { meta: 4, iprp: 0, ipco: 0 };
/** meta -> iprp -> ipco -> ispe; deeper nesting is not AVIF and is not followed. */
const maxDepth = 3;

/**
 * The largest image spatial extent (`ispe`) an AVIF declares: for a grid image, the whole grid.
 * Walks meta -> iprp -> ipco; undefined when there is none.
 */
export function readAvifSize(bytes: Buffer): Size | undefined {
  let largest: Size | undefined;
  const walk = (from: number, to: number, depth: number): void => {
    let at = from;
    while (at + 8 <= to) {
      let size = bytes.readUInt32BE(at);
      const type = bytes.toString('latin1', at + 4, at + 8);
      let header = 8;
      if (size === 1 && at + 16 <= to) {
        size = Number(bytes.readBigUInt64BE(at + 8));
        header = 16;
      } else if (size === 0) {
        size = to - at;
      }
      if (size < header || at + size > to) return;
      if (type === 'ispe' && size >= header + 12) {
        const extent = { width: bytes.readUInt32BE(at + header + 4), height: bytes.readUInt32BE(at + header + 8) };
        if (largest === undefined || extent.width * extent.height > largest.width * largest.height) largest = extent;
      } else if (type in containers && depth < maxDepth) {
        walk(at + header + containers[type]!, at + size, depth + 1);
      }
      at += size;
    }
  };
  walk(0, bytes.length, 0);
  return largest;
}
