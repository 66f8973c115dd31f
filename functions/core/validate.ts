import type { ResolvedProcessingSpec } from '../../config/resolved.js';
import { checkDecodeCost } from './decode-cost.js';
import { EmptyInputError, InputTooLargeError, UnsupportedFormatError } from './errors.js';
import { isSupportedInputFormat, sniffHeadBytes, sniffImageFormat, supportedInputFormats, type SupportedInputFormat } from './sniff.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');

/**
 * Checks what can be checked without a decoder: not empty, within the byte limit, magic bytes of a
 * supported format, and a decoding cost the headers show to be bounded. Returns the sniffed format.
 */
export function validateInput(input: Buffer, key: string, spec: ResolvedProcessingSpec): SupportedInputFormat {
  if (input.length === 0) throw new EmptyInputError(key);
  if (input.length > spec.maxInputBytes) throw new InputTooLargeError(key, input.length, spec.maxInputBytes);
  const format = sniffImageFormat(input.subarray(0, sniffHeadBytes));
  if (isSupportedInputFormat(format)) {
    checkDecodeCost(input, format, key, spec);
    return format;
  }
  const accepted = supportedInputFormats.join(', ');
  if (format !== undefined) throw new UnsupportedFormatError(key, `${format} is not accepted; accepted: ${accepted}`);
  throw new UnsupportedFormatError(key, `its first bytes (${hex(input.subarray(0, 8))}) match none of ${accepted}`);
}
