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
