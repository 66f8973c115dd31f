import type { OutputFormat } from './types.js';

export const outputFormats = ['jpeg', 'png', 'webp', 'avif'] as const;

/** File extension written for each output format. */
export const extensionOf: Record<OutputFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
};

export const contentTypeOf: Record<OutputFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** The media type of each accepted upload suffix, in lower case (the default trigger suffixes are these and their upper-case forms). */
export const mediaTypeOfSuffix: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
};
