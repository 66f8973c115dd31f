/**
 * The source key below the trigger prefix (`images/a/x.png` -> `a/x.png`): where the metadata
 * record and the archive of a source are written, under their own prefixes. A key outside the
 * prefix (a direct invocation may name any key) is kept whole.
 */
export function relativeKey(sourceKey: string, triggerPrefix: string): string {
  return triggerPrefix !== '' && sourceKey.startsWith(triggerPrefix) ? sourceKey.slice(triggerPrefix.length) : sourceKey;
}

/** The last segment of a key: `images/a/x.png` -> `x.png`. */
export function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
