const mediaTypeOfSuffix: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
};

/** The image media types the default trigger suffixes accept. */
export const imageMediaTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif'] as const;

/**
 * Media types API Gateway must pass through as binary for uploads with these suffixes, plus
 * `application/octet-stream`. Any body whose Content-Type is not listed reaches the function as
 * UTF-8 text, which corrupts image bytes; listing the types explicitly (rather than `image/*`)
 * keeps text types such as `image/svg+xml` out and says exactly what the API accepts.
 */
export function binaryMediaTypesFor(suffixes: readonly string[]): string[] {
  const types = suffixes.map((suffix) => mediaTypeOfSuffix[suffix] ?? `image/${suffix.slice(1)}`);
  return [...new Set([...types, 'application/octet-stream'])];
}
