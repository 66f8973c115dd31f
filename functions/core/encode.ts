import sharp, { type Sharp } from 'sharp';
import type { OutputFormat } from '../../config/types.js';
import { resizeKernel, type RawPixels } from './decode.js';
import type { VariantGeometry } from './geometry.js';

/** What a variant is encoded with, beyond its format. */
export interface EncodeSettings {
  readonly quality: number;
  /** `#rrggbb` that transparency is flattened onto for formats without alpha. */
  readonly background: string;
  /** Embed an sRGB ICC profile (the pixels are sRGB already); otherwise no metadata at all. */
  readonly embedSrgbProfile: boolean;
}

/** Formats that cannot carry an alpha channel. */
const formatsWithoutAlpha: ReadonlySet<OutputFormat> = new Set(['jpeg']);

/**
 * Encoder options per format, pinned here rather than left to sharp's defaults so outputs only
 * change when this file does. Measured on 1200 px photographs (KDE wallpapers), this machine:
 * - JPEG: baseline with the standard Huffman tables, 4:2:0. Progressive scans were 3-4.5% smaller
 *   (same pixels) but took twice the CPU of optimised baseline: 13.5 against 7.2 ms at 1200x750
 *   (issue 12: CPU time is what a Lambda bills). Optimised tables (a second pass over a buffer of
 *   every coefficient) made the same pixels 3% smaller for 2.4x the CPU (6.7 against 2.9 ms at
 *   1200x750); over seed-multi, standard tables took 5-11 ms off a photo (A/B) for 1.8% more output
 *   bytes (default: 2.1%), still within 3% of issue 12's start. Not the `mozjpeg` preset (trellis
 *   quantisation, scan optimisation): 15% smaller but 5.5x the encode time.
 * - PNG: zlib level 6 with adaptive filtering: 26% smaller than unfiltered for 1.8x the time;
 *   level 9 saves another ~3% for 1.5x. PNG is lossless, so pixels match sharp's defaults.
 * - WebP: effort 1. WebP is the slowest encoder in the default and seed-multi presets, so this is
 *   most of their encode time. At 1200 px: effort 4 (libwebp's default) 86 ms, effort 2 40 ms,
 *   effort 1 28 ms for files 8% larger than effort 2's and slightly closer to the pixels encoded
 *   (PSNR 39.5 against 39.3 dB): effort 1 skips the 4x4 intra modes, so it spends bytes, not
 *   quality. Over seed-multi (18 KDE wallpapers) 2 -> 1 took 8.6 ms of CPU off a photo (111.0 ->
 *   102.4, A/B) for 4% more output bytes, which the cubic resize (decode.ts) had saved: outputs
 *   stay within 1% of issue 12's start (seed-multi 272.5 KiB/photo against 275.1, default 406.7
 *   against 403.4). Effort 0 would save about 7 ms more for another 8%.
 * - AVIF: effort 2, 8-bit 4:2:0: effort 4 (sharp's default) took 7x as long (2.1 s for 1200x800).
 */
export function applyEncoder(pipeline: Sharp, format: OutputFormat, quality: number): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality, progressive: false, optimiseCoding: false, chromaSubsampling: '4:2:0', mozjpeg: false });
    case 'png':
      return pipeline.png({ compressionLevel: 6, adaptiveFiltering: true, palette: false });
    case 'webp':
      return pipeline.webp({ quality, effort: 1, smartSubsample: false, alphaQuality: 100 });
    case 'avif':
      return pipeline.avif({ quality, effort: 2, chromaSubsampling: '4:2:0', bitdepth: 8 });
  }
}

const fromRaw = (pixels: RawPixels): Sharp =>
  sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });

/**
 * Whether a variant is cut once (`variantPixels`) and each of its formats encoded from those pixels
 * (`encodePixels`), rather than resized again per format: when it has several formats and needs a
 * resize or crop. Not when one of them flattens alpha: flattening the 8-bit cut would round
 * differently from flattening inside the resize pipeline.
 */
export function cutOnce(pixels: RawPixels, geometry: VariantGeometry, formats: readonly OutputFormat[]): boolean {
  const { resized, crop } = geometry;
  const cuts = resized.width !== pixels.width || resized.height !== pixels.height || crop.width !== resized.width || crop.height !== resized.height;
  return formats.length > 1 && cuts && !flattens(pixels, formats);
}

/** Whether one of `formats` flattens `pixels`' alpha channel (see `cutOnce`). */
export const flattens = (pixels: RawPixels, formats: readonly OutputFormat[]): boolean =>
  pixels.channels === 4 && formats.some((format) => formatsWithoutAlpha.has(format));

/** `pixels` resized by the variant's geometry, then centre-cropped. */
function cutToVariant(pixels: RawPixels, geometry: VariantGeometry): Sharp {
  let pipeline = fromRaw(pixels);
  const { resized, crop } = geometry;
  if (resized.width !== pixels.width || resized.height !== pixels.height) {
    pipeline = pipeline.resize(resized.width, resized.height, { fit: 'fill', kernel: resizeKernel });
  }
  if (crop.width !== resized.width || crop.height !== resized.height) {
    pipeline = pipeline.extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height });
  }
  return pipeline;
}

/** The variant's pixels: `pixels` resized and cropped (see `cutOnce`), within `timeoutSeconds`. */
export async function variantPixels(pixels: RawPixels, geometry: VariantGeometry, timeoutSeconds: number): Promise<RawPixels> {
  const { data, info } = await cutToVariant(pixels, geometry).raw().timeout({ seconds: timeoutSeconds }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: pixels.channels };
}

/** Flatten if the format needs it, profile, encode, within `timeoutSeconds`. */
async function encode(
  pipeline: Sharp,
  channels: RawPixels['channels'],
  format: OutputFormat,
  settings: EncodeSettings,
  timeoutSeconds: number,
): Promise<{ body: Buffer; width: number; height: number }> {
  if (channels === 4 && formatsWithoutAlpha.has(format)) {
    pipeline = pipeline.flatten({ background: settings.background });
  }
  if (settings.embedSrgbProfile) pipeline = pipeline.withIccProfile('srgb');
  const { data, info } = await applyEncoder(pipeline, format, settings.quality).timeout({ seconds: timeoutSeconds }).toBuffer({ resolveWithObject: true });
  return { body: data, width: info.width, height: info.height };
}

/** One output from the decoded pixels: resize, centre-crop, flatten if needed, encode. */
export async function encodeVariant(
  pixels: RawPixels,
  geometry: VariantGeometry,
  format: OutputFormat,
  settings: EncodeSettings,
  timeoutSeconds: number,
): Promise<{ body: Buffer; width: number; height: number }> {
  return encode(cutToVariant(pixels, geometry), pixels.channels, format, settings, timeoutSeconds);
}

/** One output from pixels already cut to the variant (see `variantPixels`). */
export async function encodePixels(
  pixels: RawPixels,
  format: OutputFormat,
  settings: EncodeSettings,
  timeoutSeconds: number,
): Promise<{ body: Buffer; width: number; height: number }> {
  return encode(fromRaw(pixels), pixels.channels, format, settings, timeoutSeconds);
}
