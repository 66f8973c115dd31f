import type { Sharp } from 'sharp';
import type { ResolvedProcessingSpec } from '../../config/index.js';
import { applyEncoder } from '../../functions/core/encode.js';

/**
 * Every output of `spec` the usual sharp way, all at once: a pipeline from `open()` per output,
 * resized with sharp's own options (centre position), flattened for JPEG, encoded with the core's
 * encoder settings. Resolves to the output bytes in all.
 */
export async function encodeEveryOutput(spec: ResolvedProcessingSpec, open: () => Sharp): Promise<number> {
  const outputs = await Promise.all(
    spec.variants.flatMap((variant) =>
      variant.formats.map((format) => {
        let pipeline = open().resize(variant.width ?? null, variant.height ?? null, { fit: variant.fit, position: 'centre', withoutEnlargement: !variant.enlarge });
        if (format === 'jpeg') pipeline = pipeline.flatten({ background: spec.background });
        return applyEncoder(pipeline, format, variant.quality).toBuffer();
      }),
    ),
  );
  return outputs.reduce((sum, o) => sum + o.length, 0);
}
