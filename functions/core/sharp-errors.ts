import { CorruptImageError, ImageProcessingError, UnsupportedFormatError } from './errors.js';

/** The first line of a libvips message, which names the loader and the reason. */
function firstLine(message: string): string {
  return (message.split('\n').find((line) => line.trim() !== '') ?? message).trim();
}

/**
 * sharp/libvips messages that mean "this input is bad", and the domain error each becomes.
 * Anything not listed is an unexpected failure (out of memory, a libvips bug) and may be retried.
 */
const sharpErrorTable: readonly { pattern: RegExp; toError: (key: string, detail: string, cause: unknown) => ImageProcessingError }[] = [
  { pattern: /unsupported image format/i, toError: (key, detail) => new UnsupportedFormatError(key, detail) },
  {
    pattern: /corrupt header|premature end|corrupt jpeg|bogus|invalid|read error|libpng|vipspng|vipsjpeg|gifload|webp|tiff|heif|truncated|not a known file format|unable to|out of order/i,
    toError: (key, detail, cause) => new CorruptImageError(key, detail, cause),
  },
];

/** Turns an error thrown by sharp while reading `key` into an ImageProcessingError. */
export function translateSharpError(key: string, error: unknown): ImageProcessingError {
  if (error instanceof ImageProcessingError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const detail = firstLine(message);
  const entry = sharpErrorTable.find(({ pattern }) => pattern.test(message));
  if (entry !== undefined) return entry.toError(key, detail, error);
  return new ImageProcessingError('ProcessingFailed', `${key}: processing failed (${detail})`, true, { cause: error });
}
