import { mediaTypeOfSuffix } from '../config/formats.js';

/**
 * Media types API Gateway must pass through as binary: those of these suffixes, those of every image
 * format the upload function recognises even when the stack does not accept it (so that a WebP sent
 * to a JPEG-only stack reaches the function intact and is refused with a 415 that names its format,
 * not mangled into text and misread), plus `application/octet-stream` and `multipart/form-data` (a
 * browser form or `curl -F`: the upload function takes its one file part). Any body whose
 * Content-Type is not listed reaches the function as UTF-8 text, which corrupts image bytes; listing
 * the types explicitly (rather than `image/*`) keeps text types such as `image/svg+xml` out.
 * Suffixes differing only in case (`.jpg`, `.JPG`) name one type.
 */
export function binaryMediaTypesFor(suffixes: readonly string[]): string[] {
  const types = suffixes.map((suffix) => suffix.toLowerCase()).map((suffix) => mediaTypeOfSuffix[suffix] ?? `image/${suffix.slice(1)}`);
  return [...new Set([...types, ...Object.values(mediaTypeOfSuffix), 'application/octet-stream', 'multipart/form-data'])];
}
