import { randomUUID } from 'node:crypto';
import { UnsupportedFormatError } from '../../../functions/core/errors.js';
import { isSupportedInputFormat, sniffHeadBytes, sniffImageFormat } from '../../../functions/core/sniff.js';
import { sanitiseFileName } from '../../../functions/upload/file-name.js';
import { uploadKeyFor } from '../../../functions/upload/upload-key.js';

export interface SeededKeyContext {
  readonly triggerPrefix: string;
  /** Lowercase suffixes the trigger passes (the upload function's ALLOWED_SUFFIXES). */
  readonly allowedSuffixes: readonly string[];
  /** @default new Date() */
  readonly now?: Date;
  /** @default a random UUID */
  readonly id?: string;
}

/**
 * The key a file is seeded under in the uploads bucket, as an object that was there before the
 * pipeline: the key the upload API would give it (`<prefix>YYYY/MM/DD/<id>-<name><ext>`, the
 * extension following the content). A file that is no accepted image keeps its own (sanitised)
 * name: the API would refuse it, but an object put straight into the bucket is anything.
 */
export function seededKeyFor(fileName: string, body: Buffer, context: SeededKeyContext): string {
  const name = sanitiseFileName(fileName);
  const now = context.now ?? new Date();
  const id = context.id ?? randomUUID();
  const format = sniffImageFormat(body.subarray(0, sniffHeadBytes));
  if (isSupportedInputFormat(format)) {
    try {
      return uploadKeyFor({ triggerPrefix: context.triggerPrefix, fileName: name, format, allowedSuffixes: context.allowedSuffixes, now, id });
    } catch (error) {
      if (!(error instanceof UnsupportedFormatError)) throw error;
    }
  }
  return `${context.triggerPrefix}${now.toISOString().slice(0, 10).replace(/-/g, '/')}/${id}-${name}`;
}
