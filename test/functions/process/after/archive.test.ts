import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessAfterEnv } from '../../../../config/index.js';
import { zipOne } from '../../../../functions/process/after/zip-one.js';
import type { ImageRecord } from '../../../../functions/shared/image-record.js';
import { fakeContext } from '../../../support/context.js';
import { s3Put, sqsEvent, sqsRecord } from '../../../support/events.js';
import { extractZipEntry, zipEntries } from '../../../support/zip.js';
import { AfterStepsWorld, outputsBucket } from './harness.js';

const world = new AfterStepsWorld();
let scratch: string;
beforeAll(async () => {
  await world.start();
  scratch = await mkdtemp(join(tmpdir(), 'archive-test-'));
});
afterAll(async () => {
  await world.stop();
  await rm(scratch, { recursive: true, force: true });
});
beforeEach(() => world.reset());

const archiveOnly = (overrides: Partial<NonNullable<ProcessAfterEnv['archive']>> = {}): ProcessAfterEnv => ({
  archive: { prefix: 'zip/', suffixes: ['.png', '.PNG'], keepFolders: true, ...overrides },
  metadata: { store: 'object', prefix: 'metadata/' },
});

/** Uploads each source, runs one batch over them, and expects every message to succeed. */
async function processAll(after: ProcessAfterEnv, sources: Readonly<Record<string, Buffer>>): Promise<void> {
  const uploaded = [];
  for (const [key, body] of Object.entries(sources)) uploaded.push(await world.upload(key, body));
  const reply = await world.handler(after)(sqsEvent(...uploaded.map((u) => sqsRecord(s3Put(u)))), fakeContext());
  expect(reply).toEqual({ batchItemFailures: [] });
}

/** The stored zip, saved to a file for yauzl. */
async function storedZip(key: string): Promise<{ path: string; bytes: Buffer; contentType: string | undefined }> {
  const { body, contentType } = await world.read(key);
  const path = join(scratch, `${randomBytes(6).toString('hex')}.zip`);
  await writeFile(path, body);
  return { path, bytes: body, contentType };
}

describe('archive: a zip of each original under the archive prefix', () => {
  it('holds one deflated entry named after the source, with the source bytes, as application/zip', async () => {
    const original = randomBytes(50_000);
    await processAll(archiveOnly(), { 'images/a/x.png': original });

    const zip = await storedZip('zip/a/x.png.zip');
    expect(zip.contentType).toBe('application/zip');
    expect(await zipEntries(zip.path)).toEqual([{ name: 'x.png', mode: 0o644 }]);
    expect((await extractZipEntry(zip.path, 'x.png')).equals(original)).toBe(true);
    // Local file header: compression method 8 (deflate), no extra field (so no extended timestamps).
    expect(zip.bytes.readUInt16LE(8)).toBe(8);
    expect(zip.bytes.readUInt16LE(28)).toBe(0);
  });

  it('records the archive in the metadata record, with the zip size', async () => {
    await processAll(archiveOnly(), { 'images/a/x.png': randomBytes(1000) });
    const record = JSON.parse((await world.read('metadata/a/x.png.json')).body.toString('utf8')) as ImageRecord;
    expect(record.archive).toEqual({ bucket: outputsBucket, key: 'zip/a/x.png.zip', bytes: (await world.read('zip/a/x.png.zip')).body.byteLength });
  });

  it('keeps a/x.png and b/x.png apart', async () => {
    const [a, b] = [randomBytes(2000), randomBytes(3000)];
    await processAll(archiveOnly(), { 'images/a/x.png': a, 'images/b/x.png': b });
    expect(await world.keys('zip/')).toEqual(['zip/a/x.png.zip', 'zip/b/x.png.zip']);
    expect((await extractZipEntry((await storedZip('zip/a/x.png.zip')).path, 'x.png')).equals(a)).toBe(true);
    expect((await extractZipEntry((await storedZip('zip/b/x.png.zip')).path, 'x.png')).equals(b)).toBe(true);
  });

  it('round-trips unicode and spaced keys', async () => {
    const original = randomBytes(4000);
    await processAll(archiveOnly(), { 'images/été 2026/photo (1) 日本 +%.png': original });
    const zip = await storedZip('zip/été 2026/photo (1) 日本 +%.png.zip');
    expect(await zipEntries(zip.path)).toEqual([{ name: 'photo (1) 日本 +%.png', mode: 0o644 }]);
    expect((await extractZipEntry(zip.path, 'photo (1) 日本 +%.png')).equals(original)).toBe(true);
  });

  it('drops the folders with keepFolders false', async () => {
    await processAll(archiveOnly({ keepFolders: false }), { 'images/deep/er/x.png': randomBytes(100) });
    expect(await world.keys('zip/')).toEqual(['zip/x.png.zip']);
    // The metadata record keeps its folders either way.
    expect(await world.keys('metadata/')).toEqual(['metadata/deep/er/x.png.json']);
  });

  it('archives only the configured suffixes, case as given', async () => {
    await processAll(archiveOnly({ suffixes: ['.png'] }), { 'images/p.png': randomBytes(10), 'images/j.jpg': randomBytes(10), 'images/u.PNG': randomBytes(10) });
    expect(await world.keys('zip/')).toEqual(['zip/p.png.zip']);
    const unarchived = JSON.parse((await world.read('metadata/j.jpg.json')).body.toString('utf8')) as ImageRecord;
    expect(unarchived).not.toHaveProperty('archive');
  });

  it('writes byte-identical zips for the same source, on every delivery', async () => {
    const original = randomBytes(20_000);
    await processAll(archiveOnly(), { 'images/same.png': original });
    const first = (await world.read('zip/same.png.zip')).body;
    await processAll(archiveOnly(), { 'images/same.png': original });
    expect((await world.read('zip/same.png.zip')).body.equals(first)).toBe(true);
  });
});

describe('archive: deflate without string matching for data that is compressed already', () => {
  const repetitive = Buffer.from('the same words again and again, '.repeat(2000));

  it('deflates general data with string matching and entropy-coded data with Huffman coding only; both round trip', async () => {
    const general = await zipOne('notes.txt', repetitive, 'general');
    const entropyCoded = await zipOne('notes.txt', repetitive, 'entropy-coded');
    // Repeats are what string matching removes: the general mode makes them tiny, Huffman coding alone cannot.
    expect(general.byteLength).toBeLessThan(repetitive.byteLength / 50);
    expect(entropyCoded.byteLength).toBeGreaterThan(repetitive.byteLength / 4);
    for (const zip of [general, entropyCoded]) {
      const file = join(scratch, `${randomBytes(4).toString('hex')}.zip`);
      await writeFile(file, zip);
      expect(await extractZipEntry(file, 'notes.txt')).toEqual(repetitive);
    }
  });
});

describe('archive: the zip bytes depend only on the name and the bytes', () => {
  it('stamps 1980-01-01 00:00 as the DOS date and time, in the local header and the central directory', async () => {
    const zip = await zipOne('x.png', Buffer.from('pixels'));
    const dosMidnight = { time: 0, date: (0 << 9) | (1 << 5) | 1 };
    expect({ time: zip.readUInt16LE(10), date: zip.readUInt16LE(12) }).toEqual(dosMidnight);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect({ time: zip.readUInt16LE(central + 12), date: zip.readUInt16LE(central + 14) }).toEqual(dosMidnight);
  });

  it('gives the same bytes in any time zone', async () => {
    const body = randomBytes(5000);
    const [utc, chatham] = await Promise.all([zipInChild('UTC', body), zipInChild('Pacific/Chatham', body)]);
    expect(chatham.offset).not.toBe(utc.offset);
    expect(chatham.zip.equals(utc.zip)).toBe(true);
    expect(utc.zip.equals(await zipOne('x.png', body))).toBe(true);
  });
});

const archiveModule = pathToFileURL(fileURLToPath(new URL('../../../../functions/process/after/zip-one.ts', import.meta.url))).href;

/** zipOne('x.png', body) in a child process started with TZ=`zone`, and that zone's offset in January 1980. */
async function zipInChild(zone: string, body: Buffer): Promise<{ zip: Buffer; offset: number }> {
  const script = `
    const { zipOne } = await import(${JSON.stringify(archiveModule)});
    const zip = await zipOne('x.png', Buffer.from(process.env.BODY, 'base64'));
    process.stdout.write(JSON.stringify({ zip: zip.toString('base64'), offset: new Date(1980, 0, 1).getTimezoneOffset() }));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: zone, BODY: body.toString('base64') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const output = text(child.stdout);
  const [code] = (await once(child, 'close')) as [number];
  expect(code).toBe(0);
  const { zip, offset } = JSON.parse(await output) as { zip: string; offset: number };
  return { zip: Buffer.from(zip, 'base64'), offset };
}
