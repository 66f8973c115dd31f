import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

async function eachEntry(path: string, visit: (entry: Entry, zip: ZipFile) => Promise<void>): Promise<void> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  try {
    await new Promise<void>((done, fail) => {
      zip.on('entry', (entry: Entry) => {
        visit(entry, zip).then(() => zip.readEntry(), fail);
      });
      zip.on('end', done);
      zip.on('error', fail);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Entry names and Unix modes of a zip, in stored order. */
export async function zipEntries(path: string): Promise<{ name: string; mode: number }[]> {
  const entries: { name: string; mode: number }[] = [];
  await eachEntry(path, async (entry) => {
    entries.push({ name: entry.fileName, mode: (entry.externalFileAttributes >>> 16) & 0o7777 });
  });
  return entries;
}

/** Extracts a zip into `dir` (yauzl rejects absolute and `..` names). */
export async function extractZip(path: string, dir: string): Promise<void> {
  const root = resolve(dir);
  await eachEntry(path, async (entry, zip) => {
    const target = resolve(join(root, entry.fileName));
    if (!target.startsWith(root + sep)) throw new Error(`zip entry escapes the target: ${entry.fileName}`);
    if (entry.fileName.endsWith('/')) {
      await mkdir(target, { recursive: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target));
  });
}

/** One entry's bytes. */
export async function extractZipEntry(path: string, name: string): Promise<Buffer> {
  let found: Buffer | undefined;
  await eachEntry(path, async (entry, zip) => {
    if (entry.fileName !== name) return;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    found = Buffer.concat(chunks);
  });
  if (found === undefined) throw new Error(`${name} is not in ${path}`);
  return found;
}
