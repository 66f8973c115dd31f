import { mediaTypeOfSuffix } from '../config/formats.js';

/**
 * Media types API Gateway must pass through as binary for uploads with these suffixes, plus
 * `application/octet-stream` and `multipart/form-data` (a browser form or `curl -F`: the upload
 * function takes its one file part). Any body whose Content-Type is not listed reaches the function as
 * UTF-8 text, which corrupts image bytes; listing the types explicitly (rather than `image/*`)
 * keeps text types such as `image/svg+xml` out and says exactly what the API accepts. Suffixes
 * differing only in case (`.jpg`, `.JPG`) name one type.
 */
export function binaryMediaTypesFor(suffixes: readonly string[]): string[] {
  const types = suffixes.map((suffix) => suffix.toLowerCase()).map((suffix) => mediaTypeOfSuffix[suffix] ?? `image/${suffix.slice(1)}`);
  return [...new Set([...types, 'application/octet-stream', 'multipart/form-data'])];
}
