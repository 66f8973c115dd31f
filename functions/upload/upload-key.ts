import { UnsupportedFormatError } from '../core/errors.js';
import type { SupportedInputFormat } from '../core/sniff.js';
import { splitExtension } from './file-name.js';
import { uploadFormats } from './formats.js';

export interface UploadKeyInput {
  readonly triggerPrefix: string;
  /** Already sanitised. */
  readonly fileName: string;
  /** Sniffed from the content. */
  readonly format: SupportedInputFormat;
  /** Lowercase suffixes the trigger's notification filter passes. */
  readonly allowedSuffixes: readonly string[];
  readonly now: Date;
  /** Unique per upload (a UUID). */
  readonly id: string;
}

/**
 * `<triggerPrefix>YYYY/MM/DD/<id>-<name><ext>` (UTC date). The extension follows the content: the
 * name's own when it is one of the format's extensions, else the format's first allowed one; always
 * lowercase so the notification's suffix filter matches. No allowed extension for the format: 415.
 */
export function uploadKeyFor(input: UploadKeyInput): string {
  const { stem, extension } = splitExtension(input.fileName);
  const candidates = uploadFormats[input.format].extensions.filter((ext) => input.allowedSuffixes.includes(ext));
  const own = extension.toLowerCase();
  const chosen = candidates.includes(own) ? own : candidates[0];
  if (chosen === undefined) {
    throw new UnsupportedFormatError(input.fileName, `${input.format} uploads are not accepted here; accepted suffixes: ${input.allowedSuffixes.join(' ')}`);
  }
  const date = input.now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${input.triggerPrefix}${date}/${input.id}-${stem}${chosen}`;
}
