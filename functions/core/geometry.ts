import type { ResolvedVariant } from '../../config/resolved.js';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** How one variant is cut from the (oriented) source. */
export interface VariantGeometry {
  /** Source scale factor; at most 1 unless the variant may enlarge. */
  readonly scale: number;
  /** The source resized by `scale`. */
  readonly resized: Size;
  /** The centred window of `resized` that is kept (all of it for `inside`). */
  readonly crop: Size & { readonly left: number; readonly top: number };
}

const scaled = (source: Size, scale: number): Size => ({
  width: Math.max(1, Math.round(source.width * scale)),
  height: Math.max(1, Math.round(source.height * scale)),
});

/**
 * `inside`: the largest size within the box keeping the aspect ratio. `cover`: the smallest size
 * covering the box, then a centred crop to the box (centre, not libvips' `attention`: predictable,
 * cheap and the same on every run). Neither upscales unless the variant allows it; a source smaller
 * than a `cover` box keeps its size and is cropped only where it exceeds the box.
 */
export function variantGeometry(source: Size, variant: ResolvedVariant): VariantGeometry {
  const scaleX = variant.width === undefined ? Infinity : variant.width / source.width;
  const scaleY = variant.height === undefined ? Infinity : variant.height / source.height;
  let scale = variant.fit === 'cover' ? Math.max(scaleX, scaleY) : Math.min(scaleX, scaleY);
  if (!variant.enlarge) scale = Math.min(scale, 1);
  const resized = scaled(source, scale);
  if (variant.fit !== 'cover') return { scale, resized, crop: { ...resized, left: 0, top: 0 } };
  const width = Math.min(resized.width, variant.width ?? resized.width);
  const height = Math.min(resized.height, variant.height ?? resized.height);
  return {
    scale,
    resized,
    crop: { width, height, left: Math.floor((resized.width - width) / 2), top: Math.floor((resized.height - height) / 2) },
  };
}

/**
 * The one size the source is decoded to: big enough for every variant, never above the source
 * (variants that enlarge are upscaled from it individually).
 */
export function masterSize(source: Size, variants: readonly VariantGeometry[]): Size {
  const scale = Math.min(1, Math.max(...variants.map((v) => v.scale)));
  return scaled(source, scale);
}

/** Whether `geometry` keeps the whole image (no crop): its pixels can stand in for the source when deriving smaller variants. */
const keepsWholeImage = (geometry: VariantGeometry): boolean =>
  geometry.crop.width === geometry.resized.width && geometry.crop.height === geometry.resized.height;

/**
 * Of `cuts` (variants already resized from the source), the smallest that keeps the whole image
 * and is at least `geometry.resized` on both axes, so `geometry` can be derived from its pixels
 * by downscaling alone; undefined when none is. Resizing 600 px pixels to 150 px reads a quarter
 * of the pixels a 1200 px master has, and the result differs from the direct resize by at most a
 * level or two.
 */
export function smallestCovering<T extends VariantGeometry>(geometry: VariantGeometry, cuts: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const cut of cuts) {
    if (cut === geometry || !keepsWholeImage(cut)) continue;
    if (cut.resized.width < geometry.resized.width || cut.resized.height < geometry.resized.height) continue;
    if (best === undefined || cut.resized.width * cut.resized.height < best.resized.width * best.resized.height) best = cut;
  }
  return best;
}
