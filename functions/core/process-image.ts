import { contentTypeOf } from '../../config/formats.js';
import { decodeToSize, readHeader } from './decode.js';
import { encodeVariant } from './encode.js';
import { masterSize, variantGeometry } from './geometry.js';
import { renderOutputKey, sourceKeyParts } from './keys.js';
import { translateSharpError } from './sharp-errors.js';
import type { ProcessedOutput, ProcessImageOptions, ProcessResult } from './types.js';
import { validateInput } from './validate.js';

/**
 * Turns one source image into every variant of `options.spec`. Pure: no AWS, no environment.
 *
 * Stages: validate (size, magic bytes) -> header (pixel limit, before any decoding) -> decode once
 * to the largest size any variant needs (oriented, 8-bit sRGB) -> derive each variant from those
 * pixels and encode it. Throws an ImageProcessingError naming the key and the reason; on error
 * nothing is returned, so a caller never writes a partial set of outputs.
 */
export async function processImage(input: Buffer, options: ProcessImageOptions): Promise<ProcessResult> {
  const { sourceKey: key, spec } = options;
  const started = performance.now();
  const format = validateInput(input, key, spec);
  const header = await readHeader(input, key, spec);
  const geometries = spec.variants.map((variant) => variantGeometry(header.oriented, variant));
  const pixels = await decodeToSize(input, key, header, masterSize(header.oriented, geometries), spec);
  const decoded = performance.now();

  const parts = sourceKeyParts(key, options.triggerPrefix);
  const jobs = spec.variants.flatMap((variant, i) =>
    variant.formats.map(async (outputFormat): Promise<ProcessedOutput> => {
      const geometry = geometries[i]!;
      const encoded = await encodeVariant(pixels, geometry, outputFormat, {
        quality: variant.quality,
        background: spec.background,
        embedSrgbProfile: spec.keepIccProfile,
      }).catch((error: unknown) => {
        throw translateSharpError(key, error);
      });
      return {
        key: renderOutputKey(parts, variant, outputFormat, spec.keyTemplate, options.outputPrefix),
        variant: variant.name,
        format: outputFormat,
        contentType: contentTypeOf[outputFormat],
        ...encoded,
      };
    }),
  );
  const outputs = await Promise.all(jobs);
  const finished = performance.now();
  return {
    source: { format, width: header.oriented.width, height: header.oriented.height, bytes: input.length },
    outputs,
    timings: { decodeMs: decoded - started, encodeMs: finished - decoded, totalMs: finished - started },
  };
}
