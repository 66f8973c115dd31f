import type { ResolvedProcessingSpec } from '../../config/resolved.js';
import { DecodeTooCostlyError, PixelLimitError } from './errors.js';
import type { Size } from './geometry.js';
import { readAvifSize } from './header/avif-size.js';
import { readGifSize, readWebpSize } from './header/gif-webp-size.js';
import { readJpegStructure, scanPassesPerBlock } from './header/jpeg-structure.js';
import { readPngHeader } from './header/png-header.js';
import type { SupportedInputFormat } from './sniff.js';

/**
 * Limits on what a file may cost to decode, judged from its headers before any decoding. Each is
 * far above what real encoders write and low enough that the worst file they accept costs about
 * what a real photo at the pixel limit does (`npm run bench -- decode-cost` prints both).
 */
export const decodeCostLimits = {
  /**
   * Scans in a JPEG. libjpeg/libjpeg-turbo's progressive script writes 10 (6 for grey), mozjpeg's
   * scan optimisation 6-8, Photoshop 3-5, a baseline file 1 (3-4 when not interleaved); the 171
   * JPEGs of Debian's KDE wallpapers have at most 12. The standard allows 883 per component (each
   * AC coefficient in its own scan, refined bit by bit), and libjpeg reads every scan before it
   * outputs a row, beyond the reach of sharp's timeout: 883 scans over 8000x8000 grey took 18-29 s.
   * libjpeg-turbo advises a scan limit for untrusted input (TJPARAM_SCANLIMIT; its fuzzers use 500
   * on images of at most 1 MP). 32 is about three times the most seen.
   */
  maxJpegScans: 32,
  /**
   * Entropy-decoder passes per 8x8 block, over all scans (1 for baseline; 5.3 for libjpeg's
   * progressive 4:2:0 script, 6 for grey). Each pass over 1 M blocks costs about 20-28 ms here
   * whatever the scan carries, so this bounds what a file under the scan limit can cost.
   */
  maxJpegScanPassesPerBlock: 12,
  /**
   * Bytes of decoded samples a PNG may have, per pixel of the pixel limit. Inflating and
   * converting 16-bit samples is what costs: a flat 8192x8192 16-bit RGBA PNG of 775 KiB took
   * 2.6 s of CPU here (8 bytes a pixel), 2.5x a real photo at that size; an 8-bit RGBA one 1.3 s
   * even Adam7-interlaced, which libpng hands back only whole (the whole image in memory at full
   * depth: 720 MB peak for 16-bit RGBA at 8000x8000). 4 lets an 8-bit RGBA image reach the pixel
   * limit and a 16-bit RGBA one half of it.
   */
  pngSampleBytesPerPixel: 4,
  /**
   * Share of the pixel limit an AVIF may have. AV1 decoding costs about seven times a baseline
   * JPEG's per pixel: a flat 8000x8000 AVIF of 1 KB took 2.5 s of CPU here.
   */
  avifPixelShare: 1 / 4,
} as const;

type Limits = Pick<ResolvedProcessingSpec, 'maxInputPixels'>;

function checkPixels(key: string, size: Size | undefined, limit: number): void {
  if (size !== undefined && size.width * size.height > limit) throw new PixelLimitError(key, size.width, size.height, limit);
}

function checkJpeg(input: Buffer, key: string, spec: Limits): void {
  const structure = readJpegStructure(input);
  if (structure === undefined) return; // no frame header: the decoder says why
  checkPixels(key, structure, spec.maxInputPixels);
  const { maxJpegScans, maxJpegScanPassesPerBlock } = decodeCostLimits;
  if (structure.scans.length > maxJpegScans) {
    throw new DecodeTooCostlyError(key, `a JPEG with ${structure.scans.length} scans; real encoders write at most about a dozen, the limit is ${maxJpegScans}`);
  }
  const passes = scanPassesPerBlock(structure);
  if (passes > maxJpegScanPassesPerBlock) {
    throw new DecodeTooCostlyError(key, `a JPEG whose ${structure.scans.length} scans visit each block ${passes.toFixed(1)} times; the limit is ${maxJpegScanPassesPerBlock}`);
  }
}

function checkPng(input: Buffer, key: string, spec: Limits): void {
  const header = readPngHeader(input);
  if (header === undefined) return;
  checkPixels(key, header, spec.maxInputPixels);
  const sampleBytes = header.width * header.height * header.channels * Math.max(1, header.bitDepth / 8);
  const limit = spec.maxInputPixels * decodeCostLimits.pngSampleBytesPerPixel;
  if (sampleBytes > limit) {
    const kind = `${header.interlaced ? 'an interlaced' : 'a'} ${header.bitDepth}-bit ${header.channels}-channel PNG`;
    throw new DecodeTooCostlyError(key, `${kind} of ${header.width}x${header.height} decodes to ${Math.round(sampleBytes / 2 ** 20)} MiB of samples; the limit is ${Math.round(limit / 2 ** 20)} MiB`);
  }
}

function checkAvif(input: Buffer, key: string, spec: Limits): void {
  const size = readAvifSize(input);
  checkPixels(key, size, spec.maxInputPixels);
  const limit = Math.floor(spec.maxInputPixels * decodeCostLimits.avifPixelShare);
  if (size !== undefined && size.width * size.height > limit) {
    throw new DecodeTooCostlyError(key, `an AVIF of ${size.width}x${size.height} = ${size.width * size.height} pixels; AV1 decoding is costly, so AVIF is limited to ${limit} pixels`);
  }
}

/**
 * Refuses, from the headers alone, a file whose decoding would cost far more than a real image of
 * its size: too many pixels (JPEG, PNG, GIF, WebP, AVIF; TIFF is checked by the decoder's header
 * read), a JPEG with too many scans, a PNG with too many bytes of samples (16-bit), a large AVIF.
 * Pure and cheap (one pass over a JPEG's bytes at most), so the upload API runs it too.
 * Throws PixelLimitError or DecodeTooCostlyError; a header it cannot read is left to the decoder.
 */
export function checkDecodeCost(input: Buffer, format: SupportedInputFormat, key: string, spec: Limits): void {
  switch (format) {
    case 'jpeg':
      return checkJpeg(input, key, spec);
    case 'png':
      return checkPng(input, key, spec);
    case 'avif':
      return checkAvif(input, key, spec);
    case 'gif':
      return checkPixels(key, readGifSize(input), spec.maxInputPixels);
    case 'webp':
      return checkPixels(key, readWebpSize(input), spec.maxInputPixels);
    case 'tiff':
      return;
  }
}
