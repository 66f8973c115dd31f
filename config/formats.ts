import type { OutputFormat } from './types.js';

export const outputFormats: readonly OutputFormat[] = ['jpeg', 'png', 'webp', 'avif'];

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

/** The media type of each accepted upload suffix (the default trigger suffixes). */
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
