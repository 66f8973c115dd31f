/**
 * The bench's photo corpus: the KDE wallpapers package (`apt-get download
 * plasma-workspace-wallpapers`, unpacked into .build/bench-photos/wallpapers), else generated photo-like
 * images; and a 24 MP photo made from its largest one. Fetched or made once, then reused.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { photo } from '../fixtures/photo.js';

const execFile = promisify(execFileCallback);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The whole package: 18 photos, 2560x1600 to 5120x2880, 5 progressive (the corpus of issue 12). */
export const photoDir = path.join(repoRoot, '.build', 'bench-photos', 'wallpapers');
const bigPhotoDir = path.join(repoRoot, '.build', 'bench-photos', '24mp');

async function jpegsIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** The largest JPEG of each wallpaper in the unpacked package (light variants only). */
async function wallpaperJpegs(unpacked: string): Promise<string[]> {
  const root = path.join(unpacked, 'usr', 'share', 'wallpapers');
  const chosen: string[] = [];
  for (const name of (await readdir(root)).sort()) {
    const images = path.join(root, name, 'contents', 'images');
    const sized = (await jpegsIn(images)).map((file) => {
      const [w = 0, h = 0] = path.basename(file).split(/[x.]/).map(Number);
      return { file, pixels: w * h };
    });
    const largest = sized.sort((a, b) => b.pixels - a.pixels)[0];
    if (largest !== undefined) chosen.push(largest.file);
  }
  return chosen;
}

async function downloadWallpapers(): Promise<boolean> {
  console.log(`  fetching photos: apt-get download plasma-workspace-wallpapers (Debian, about 94 MB), keeping the largest JPEG of each wallpaper in ${path.relative(repoRoot, photoDir)}`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-wallpapers-'));
  try {
    await execFile('apt-get', ['download', 'plasma-workspace-wallpapers'], { cwd: work, timeout: 120_000 });
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (deb === undefined) return false;
    await execFile('dpkg', ['-x', path.join(work, deb), path.join(work, 'x')], { timeout: 120_000 });
    const files = await wallpaperJpegs(path.join(work, 'x'));
    await mkdir(photoDir, { recursive: true });
    for (const file of files) {
      await copyFile(file, path.join(photoDir, `${path.basename(path.dirname(path.dirname(path.dirname(file))))}-${path.basename(file)}`));
    }
    return files.length > 0;
  } catch (error) {
    console.log(`  (KDE wallpapers unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return false;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function generatePhotos(): Promise<void> {
  await mkdir(photoDir, { recursive: true });
  const sizes = [[2560, 1600], [3200, 2000], [4000, 3000], [5120, 2880], [1920, 1280], [3000, 2000]] as const;
  for (const [i, [w, h]] of sizes.entries()) {
    const { data, width, height, channels } = photo(w, h, 100 + i);
    await sharp(data, { raw: { width, height, channels } }).jpeg({ quality: 90 }).toFile(path.join(photoDir, `generated-${w}x${h}.jpg`));
  }
}

/** The bench corpus, fetched or generated once into .build/bench-photos. */
export async function benchPhotos(): Promise<{ origin: string; files: string[] }> {
  let files = await jpegsIn(photoDir);
  if (files.length === 0) {
    if (!(await downloadWallpapers())) await generatePhotos();
    files = await jpegsIn(photoDir);
  }
  const generated = files.every((f) => path.basename(f).startsWith('generated-'));
  return { origin: generated ? 'generated photo-like images' : 'KDE Plasma wallpapers (Debian plasma-workspace-wallpapers)', files };
}

/** A 6000x4000 JPEG: the largest corpus photo resized (so it has real-photo detail). */
export async function photo24mp(corpus: readonly string[]): Promise<string> {
  const file = path.join(bigPhotoDir, 'photo-6000x4000.jpg');
  if ((await jpegsIn(bigPhotoDir)).includes(file)) return file;
  await mkdir(bigPhotoDir, { recursive: true });
  let largest = corpus[0]!;
  let most = 0;
  for (const candidate of corpus) {
    const { width = 0, height = 0 } = await sharp(candidate).metadata();
    if (width * height > most) [largest, most] = [candidate, width * height];
  }
  await sharp(largest).resize(6000, 4000, { fit: 'cover' }).jpeg({ quality: 90 }).toFile(file);
  return file;
}

