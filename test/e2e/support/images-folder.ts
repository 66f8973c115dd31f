import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../kit/support.js';

const fixtures = join(repoRoot, 'fixtures', 'images');

/** A folder of a few fixtures (the run takes every image in it): `good` at the top, `hostile` in hostile/. */
export function imagesFolder(parent: string, name: string, good: readonly string[], hostile: readonly string[] = []): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, 'hostile'), { recursive: true });
  for (const file of good) copyFileSync(join(fixtures, file), join(dir, file.replace(/^hostile\//, '')));
  for (const file of hostile) copyFileSync(join(fixtures, 'hostile', file), join(dir, 'hostile', file));
  return dir;
}
