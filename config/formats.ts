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
