/** Rules shared by the bucket notification constructs. */

/** A notification id part from a prefix or suffix: its letters and digits (`.JPG` -> `JPG`). */
export function suffixId(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '') || 'all';
}

/** S3 rejects two entries for the same events whose suffixes overlap (one ends with the other). */
export function assertNoOverlap(path: string, suffixes: readonly string[]): void {
  suffixes.forEach((suffix, i) => {
    const other = suffixes.find((candidate, j) => j !== i && suffix.endsWith(candidate));
    if (other !== undefined) {
      throw new Error(`${path}: suffixes ${JSON.stringify(other)} and ${JSON.stringify(suffix)} overlap; S3 rejects overlapping notification filters`);
    }
  });
}
