import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

const cache = new Map<string, { key: string; sha256: Buffer }>();

/**
 * SHA-256 of a zip, read once per path and modification: several stacks ship the same zip.
 * Base64 is what Lambda reports as CodeSha256 (and what `filebase64sha256` gives).
 */
export function zipSha256(path: string): { base64: string; hex: string } {
  const stat = statSync(path);
  const key = `${stat.size}:${stat.mtimeMs}`;
  let entry = cache.get(path);
  if (entry?.key !== key) {
    entry = { key, sha256: createHash('sha256').update(readFileSync(path)).digest() };
    cache.set(path, entry);
  }
  return { base64: entry.sha256.toString('base64'), hex: entry.sha256.toString('hex') };
}
