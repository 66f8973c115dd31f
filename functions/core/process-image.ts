import { contentTypeOf } from '../../config/formats.js';
import { decodeToSize, readHeader } from './decode.js';
import type { RawPixels } from './decode.js';
import { cutOnce, encodePixels, encodeVariant, flattens, variantPixels, type EncodeSettings } from './encode.js';
import { masterSize, smallestCovering, variantGeometry, type VariantGeometry } from './geometry.js';
import { renderOutputKey, sourceKeyParts } from './keys.js';
import { Deadline } from './time-limit.js';
import type { OutputFormat } from '../../config/types.js';
import type { ProcessedOutput, ProcessImageOptions, ProcessResult } from './types.js';
import { validateInput } from './validate.js';

const area = (geometry: VariantGeometry): number => geometry.crop.width * geometry.crop.height;

/** Rough encode cost per output pixel, relative to JPEG (1200 px photos, this machine). */
const encodeCostPerPixel: Record<OutputFormat, number> = { jpeg: 1, png: 1.5, webp: 2.5, avif: 20 };

/**
 * Start order of the encodes: most expensive first. The encodes share a few libuv threads and,
 * here, 2 cores; started in spec order, the largest WebP waited behind the small outputs and ran
 * alone at the end (seed-multi on photos: 3-8% less wall time when started first).
 */
function mostExpensiveFirst<T extends { area: number; format: OutputFormat }>(jobs: readonly T[]): T[] {
  const cost = (job: T): number => job.area * encodeCostPerPixel[job.format];
  return [...jobs].sort((a, b) => cost(b) - cost(a));
}

/**
 * Turns one source image into every variant of `options.spec`. Pure: no AWS, no environment.
 *
 * Stages: validate (size, magic bytes, decoding cost from the headers) -> header (pixel limit,
 * before any decoding) -> decode once to the largest size any variant needs (oriented, 8-bit sRGB)
 * -> derive each variant from those pixels (or from a larger variant's, see `smallestCovering`) and encode it. Every sharp pipeline runs within the
 * time limit (`options.timeLimit`, by default the spec's `imageTimeLimitSeconds`). Throws an
 * ImageProcessingError naming the key and the reason; on error nothing is returned, so a caller
 * never writes a partial set of outputs.
 */
export async function processImage(input: Buffer, options: ProcessImageOptions): Promise<ProcessResult> {
  const { sourceKey: key, spec } = options;
  const started = performance.now();
  const deadline = new Deadline(options.timeLimit ?? { ms: spec.imageTimeLimitSeconds * 1000, conclusive: true }, key, started);
  const format = validateInput(input, key, spec);
  const header = await readHeader(input, key, spec, deadline);
  const geometries = spec.variants.map((variant) => variantGeometry(header.oriented, variant));
  const pixels = await decodeToSize(input, format, header, masterSize(header.oriented, geometries), spec, deadline);
  const decoded = performance.now();

  const parts = sourceKeyParts(key, options.triggerPrefix);
  const planned = spec.variants.flatMap((variant, i) => {
    const geometry = geometries[i]!;
    return variant.formats.map((format) => ({ variant, geometry, format, area: area(geometry) }));
  });
  // A variant in several formats is resized once and each format encoded from those pixels. Largest
  // first, so that each can be resized from the smallest cut already made that covers it (150 px from
  // the 600 px cut rather than the 1200 px master), unless it flattens alpha (see cutOnce).
  const cut = new Map<VariantGeometry, Promise<RawPixels>>();
  const sourceFor = (geometry: VariantGeometry, formats: readonly OutputFormat[]): Promise<RawPixels> => {
    const parent = flattens(pixels, formats) ? undefined : smallestCovering(geometry, cut.keys());
    return parent === undefined ? Promise.resolve(pixels) : cut.get(parent)!;
  };
  const resizedArea = ({ resized }: VariantGeometry): number => resized.width * resized.height;
  const largestFirst = spec.variants.map((variant, i) => ({ variant, geometry: geometries[i]! })).sort((a, b) => resizedArea(b.geometry) - resizedArea(a.geometry));
  for (const { variant, geometry } of largestFirst) {
    if (!cutOnce(pixels, geometry, variant.formats)) continue;
    cut.set(geometry, sourceFor(geometry, variant.formats).then((source) => variantPixels(source, geometry, deadline.seconds())));
  }
  const encodes = new Map(
    mostExpensiveFirst(planned).map((job) => {
      const settings: EncodeSettings = { quality: job.variant.quality, background: spec.background, embedSrgbProfile: spec.keepIccProfile };
      const variantCut = cut.get(job.geometry);
      const encoded =
        variantCut === undefined
          ? sourceFor(job.geometry, [job.format]).then((source) => encodeVariant(source, job.geometry, job.format, settings, deadline.seconds()))
          : variantCut.then((cutPixels) => encodePixels(cutPixels, job.format, settings, deadline.seconds()));
      // Encoding works on pixels that decoded: a failure here never blames the source.
      const translated = encoded.catch((error: unknown) => {
        throw deadline.translate(error, 'encode');
      });
      return [job, translated] as const;
    }),
  );
  // Outputs keep spec order (each variant, each of its formats), whatever order they were started in.
  const outputs = await Promise.all(
    planned.map(async (job): Promise<ProcessedOutput> => ({
      key: renderOutputKey(parts, job.variant, job.format, spec.keyTemplate, options.outputPrefix),
      variant: job.variant.name,
      format: job.format,
      contentType: contentTypeOf[job.format],
      ...(await encodes.get(job)!),
    })),
  );
  const finished = performance.now();
  return {
    source: { format, width: header.oriented.width, height: header.oriented.height, bytes: input.length },
    outputs,
    timings: { decodeMs: decoded - started, encodeMs: finished - decoded, totalMs: finished - started },
  };
}
