import { contentTypeOf, extensionOf } from '../../config/index.js';
import { CorruptImageError } from '../../functions/core/errors.js';
import type { ProcessImageOptions, ProcessResult } from '../../functions/core/types.js';
import type { ProcessingCore } from '../../functions/process/deps.js';

/** Bodies starting with this are treated as corrupt images by the fake core. */
export const corruptMarker = 'CORRUPT';

/**
 * A processing core without sharp: one output per variant and format, keyed
 * `<outputPrefix><key below trigger prefix, no extension>/<variant>.<ext>`, whose body names the
 * variant, format and input. Records every call.
 */
export function fakeCore(): ProcessingCore & { calls: { input: Buffer; options: ProcessImageOptions }[] } {
  const calls: { input: Buffer; options: ProcessImageOptions }[] = [];
  return {
    calls,
    async processImage(input, options) {
      calls.push({ input, options });
      if (input.subarray(0, corruptMarker.length).toString() === corruptMarker) {
        throw new CorruptImageError(options.sourceKey, 'fake decoder refused it');
      }
      const stem = options.sourceKey.slice(options.triggerPrefix.length).replace(/\.[^./]*$/, '');
      const outputs = options.spec.variants.flatMap((variant) =>
        variant.formats.map((format) => ({
          key: `${options.outputPrefix}${stem}/${variant.name}.${extensionOf[format]}`,
          variant: variant.name,
          format,
          contentType: contentTypeOf[format],
          width: variant.width ?? 1,
          height: variant.height ?? 1,
          body: Buffer.from(`${variant.name}.${format} of ${input.toString('hex').slice(0, 16)}`),
        })),
      );
      const result: ProcessResult = {
        source: { format: 'jpeg', width: 10, height: 10, bytes: input.byteLength },
        outputs,
        timings: { decodeMs: 1, encodeMs: 2, totalMs: 3 },
      };
      return result;
    },
  };
}
