/**
 * Writes the test images under fixtures/images/ (good ones) and fixtures/images/hostile/ (ones the
 * core must reject), from the generators in scripts/fixtures/. `npm run fixtures`
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { goodFixtures, hostileFixtures } from './fixtures/fixture-set.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures', 'images');
const hostileDir = path.join(root, 'hostile');

async function writeAll(dir: string, files: Record<string, Buffer>): Promise<number> {
  await mkdir(dir, { recursive: true });
  let total = 0;
  for (const [name, body] of Object.entries(files)) {
    await writeFile(path.join(dir, name), body);
    total += body.length;
    console.log(`${path.relative(process.cwd(), path.join(dir, name))}  ${body.length} bytes`);
  }
  return total;
}

/** Removes earlier fixtures (so renamed ones do not linger), keeping the hand-written README. */
async function clearFixtures(): Promise<void> {
  await rm(hostileDir, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'README.md') await rm(path.join(root, entry.name));
  }
}

async function main(): Promise<void> {
  await clearFixtures();
  const good = await goodFixtures();
  const photoJpeg = good['photo-640x480.jpg'];
  if (photoJpeg === undefined) throw new Error('photo-640x480.jpg was not generated');
  const total = (await writeAll(root, good)) + (await writeAll(hostileDir, await hostileFixtures(photoJpeg)));
  console.log(`${Object.keys(good).length} good fixtures; ${(total / 1024 / 1024).toFixed(2)} MiB in all`);
}

await main();
