/** Longest base name kept (in code points, extension included). S3 keys allow 1024 bytes. */
export const maxFileNameLength = 100;
const fallbackName = 'upload';

// Control and invisible format characters (incl. bidi overrides that can disguise an extension).
const invisible = /[\p{Cc}\p{Cf}]/gu;
// Everything but letters, combining marks, digits, space and - _ . ( )
const disallowed = /[^\p{L}\p{M}\p{N} _\-.()]+/gu;

/**
 * A client-supplied file name made safe to put in a key: the last path component only (no
 * traversal), NFC, no control characters, only letters, digits, space and `-_.()` (others become
 * `_`), no leading dots, at most `maxLength` code points with the extension kept.
 * Returns 'upload' when nothing is left.
 */
export function sanitiseFileName(raw: string, maxLength = maxFileNameLength): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(invisible, '')
    .replace(disallowed, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s._]+/, '')
    .replace(/[\s.]+$/, '');
  const capped = capLength(cleaned, maxLength);
  return capped === '' ? fallbackName : capped;
}

function capLength(name: string, maxLength: number): string {
  const chars = [...name];
  if (chars.length <= maxLength) return name;
  const { stem, extension } = splitExtension(name);
  const keep = Math.max(1, maxLength - [...extension].length);
  return [...stem].slice(0, keep).join('').trimEnd() + extension;
}

/** `photo.JPG` -> stem `photo`, extension `.JPG`; a leading dot alone is not an extension. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}
