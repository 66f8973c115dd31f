import type { SupportedInputFormat } from '../core/sniff.js';

/** Per accepted input format: the Content-Type stored, and its extensions (canonical first). */
export const uploadFormats: Record<SupportedInputFormat, { contentType: string; extensions: readonly string[] }> = {
  jpeg: { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  png: { contentType: 'image/png', extensions: ['.png'] },
  webp: { contentType: 'image/webp', extensions: ['.webp'] },
  gif: { contentType: 'image/gif', extensions: ['.gif'] },
  tiff: { contentType: 'image/tiff', extensions: ['.tif', '.tiff'] },
  avif: { contentType: 'image/avif', extensions: ['.avif'] },
};
