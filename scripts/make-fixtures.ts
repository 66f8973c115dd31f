/**
 * Writes the test images under fixtures/images/ (good ones) and fixtures/images/hostile/ (ones the
 * core must reject). Deterministic: all noise comes from a seeded generator, so the same sharp
 * version writes the same bytes on every run. `npm run fixtures`
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { manyScanJpeg, maxLegalScans } from './fixtures/progressive-jpeg.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures', 'images');
const hostileDir = path.join(root, 'hostile');

type Rgb = readonly [number, number, number];

/**
 * Colours of the four quadrants of the orientation and colour test card, as seen upright. Muted, so
 * they survive a round trip through a CMYK profile within a few levels.
 */
export const cardColours = {
  topLeft: [200, 70, 60],
  topRight: [70, 150, 80],
  bottomLeft: [60, 90, 180],
  bottomRight: [220, 190, 70],
} as const satisfies Record<string, Rgb>;

/** mulberry32: a tiny seeded PRNG, so every run draws the same noise. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: Buffer;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * A landscape-like picture: sky gradient, wavy hills with a striped texture, a sun, a house with
 * hard edges, and mild luminance noise, so encoders have smooth areas, edges and texture to chew on.
 * Drawn in relative units, so every size shows the same scene.
 */
export function photo(width: number, height: number, seed: number): RawImage {
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * 3);
  const unit = Math.min(width, height);
  const sun = { x: width * 0.78, y: height * 0.22, r: unit * 0.09 };
  const house = { x0: width * 0.2, x1: width * 0.38, y0: height * 0.45, y1: height * 0.72 };
  const door = { x0: width * 0.27, x1: width * 0.31, y0: height * 0.58, y1: height * 0.72 };
  for (let y = 0; y < height; y++) {
    const v = y / height;
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const horizon = 0.58 + Math.sin(u * Math.PI * 3) * 0.06 + Math.sin(u * Math.PI * 11) * 0.015;
      let r: number, g: number, b: number;
      if (v < horizon) {
        r = 80 + 120 * v;
        g = 140 + 80 * v;
        b = 215 + 25 * v;
        const d = Math.hypot(x - sun.x, y - sun.y);
        if (d < sun.r) [r, g, b] = [255, 225, 120];
        else if (d < sun.r * 1.6) {
          const k = (d - sun.r) / (sun.r * 0.6);
          r = r * k + 255 * (1 - k);
          g = g * k + 235 * (1 - k);
          b = b * k + 170 * (1 - k);
        }
      } else {
        const stripe = Math.sin((x + y * 0.6) / (unit * 0.012)) * 18;
        r = 70 + 60 * (v - horizon) + stripe;
        g = 125 + 40 * u + stripe;
        b = 45 + stripe * 0.5;
      }
      if (x >= house.x0 && x < house.x1 && y >= house.y0 && y < house.y1) [r, g, b] = [178, 52, 40];
      if (x >= door.x0 && x < door.x1 && y >= door.y0 && y < door.y1) [r, g, b] = [60, 35, 20];
      const noise = (random() - 0.5) * 6;
      const i = (y * width + x) * 3;
      data[i] = clamp(r + noise);
      data[i + 1] = clamp(g + noise);
      data[i + 2] = clamp(b + noise);
    }
  }
  return { width, height, channels: 3, data };
}

/**
 * The test card: four flat quadrants (cardColours) and a black "F" whose bars point right, so a
 * wrong rotation or mirror shows both in pixels a test can sample and to the eye.
 */
function testCard(width: number, height: number): RawImage {
  const data = Buffer.alloc(width * height * 3);
  const stroke = Math.round(Math.min(width, height) * 0.08);
  const fx = Math.round(width * 0.4);
  const fy = Math.round(height * 0.2);
  const fh = Math.round(height * 0.6);
  const inF = (x: number, y: number): boolean =>
    (x >= fx && x < fx + stroke && y >= fy && y < fy + fh) ||
    (y >= fy && y < fy + stroke && x >= fx && x < fx + stroke * 3.5) ||
    (y >= fy + fh * 0.42 && y < fy + fh * 0.42 + stroke && x >= fx && x < fx + stroke * 2.5);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const colour: Rgb = inF(x, y)
        ? [0, 0, 0]
        : top
          ? left ? cardColours.topLeft : cardColours.topRight
          : left ? cardColours.bottomLeft : cardColours.bottomRight;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return { width, height, channels: 3, data };
}

/**
 * The stored pixels for EXIF orientation `o`: the inverse of the transform a viewer applies, so the
 * displayed (auto-oriented) picture is `upright` again.
 */
function storedForOrientation(upright: RawImage, o: number): RawImage {
  const { width: w, height: h, channels } = upright;
  const swap = o >= 5;
  const sw = swap ? h : w;
  const sh = swap ? w : h;
  const data = Buffer.alloc(sw * sh * channels);
  // For each stored pixel (sx, sy), where a viewer displays it once oriented (EXIF 2.32, 4.6.4).
  const displayed: Record<number, (sx: number, sy: number) => [number, number]> = {
    1: (sx, sy) => [sx, sy],
    2: (sx, sy) => [sw - 1 - sx, sy],
    3: (sx, sy) => [sw - 1 - sx, sh - 1 - sy],
    4: (sx, sy) => [sx, sh - 1 - sy],
    5: (sx, sy) => [sy, sx],
    6: (sx, sy) => [sh - 1 - sy, sx],
    7: (sx, sy) => [sh - 1 - sy, sw - 1 - sx],
    8: (sx, sy) => [sy, sw - 1 - sx],
  };
  const map = displayed[o];
  if (map === undefined) throw new Error(`no EXIF orientation ${o}`);
  for (let sy = 0; sy < sh; sy++) {
    for (let sx = 0; sx < sw; sx++) {
      const [dx, dy] = map(sx, sy);
      const from = (dy * w + dx) * channels;
      upright.data.copy(data, (sy * sw + sx) * channels, from, from + channels);
    }
  }
  return { width: sw, height: sh, channels, data };
}

/** A soft red disc fading to fully transparent corners, with a half-transparent ring. */
function alphaDisc(width: number, height: number): RawImage {
  const data = Buffer.alloc(width * height * 4);
  const r = Math.min(width, height) * 0.45;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - width / 2, y - height / 2);
      const alpha = d < r * 0.6 ? 255 : d < r ? 128 : 0;
      data.set([200, 30 + Math.round((120 * x) / width), 60, alpha], (y * width + x) * 4);
    }
  }
  return { width, height, channels: 4, data };
}

const fromRaw = (image: RawImage): Sharp =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });

/** A PNG chunk: length, type, data, CRC over type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A valid 1-bit greyscale PNG of side x side pixels, all black: ~50 KB on disk, side^2 bytes once a
 * decoder expands it to 8-bit (400 MB at 20000). Hand-built so the file stays small.
 */
function decompressionBomb(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filter, no interlace
  const rowBytes = 1 + Math.ceil(side / 8); // filter byte + packed bits
  const pixels = deflateSync(Buffer.alloc(rowBytes * side), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Overwrites the entropy-coded data after the first start-of-scan with a fixed byte pattern. */
function scrambleJpegScan(jpeg: Buffer): Buffer {
  const out = Buffer.from(jpeg);
  const sos = out.indexOf(Buffer.from([0xff, 0xda]));
  for (let i = sos + 20; i < out.length - 2; i++) out[i] = (i * 7919) & 0xff;
  return out;
}

/** Fills the first Huffman table's code counts with 0xff: libjpeg rejects it while reading the header. */
function breakJpegHuffmanTable(jpeg: Buffer): Buffer {
  const out = Buffer.from(jpeg);
  const dht = out.indexOf(Buffer.from([0xff, 0xc4]));
  out.fill(0xff, dht + 5, dht + 21);
  return out;
}

async function goodFixtures(): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  const jpeg = { quality: 80 } as const;
  for (const [w, h, seed] of [[640, 480, 1], [1920, 1280, 2], [4000, 3000, 3]] as const) {
    files[`photo-${w}x${h}.jpg`] = await fromRaw(photo(w, h, seed)).jpeg(jpeg).toBuffer();
  }
  files['panorama-6000x600.jpg'] = await fromRaw(photo(6000, 600, 4)).jpeg(jpeg).toBuffer();
  files['photo-800x600.webp'] = await fromRaw(photo(800, 600, 5)).webp({ quality: 80 }).toBuffer();
  files['photo-320x240.tif'] = await fromRaw(photo(320, 240, 6)).tiff({ compression: 'deflate' }).toBuffer();
  files['photo-avif-640x480.avif'] = await fromRaw(photo(640, 480, 7)).avif({ quality: 60, effort: 2 }).toBuffer();
  files['grey-640x480.jpg'] = await fromRaw(photo(640, 480, 8)).greyscale().jpeg(jpeg).toBuffer();

  const card = testCard(300, 200);
  for (let o = 1; o <= 8; o++) {
    files[`exif-orientation-${o}.jpg`] = await fromRaw(storedForOrientation(card, o))
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: o })
      .toBuffer();
  }
  // CMYK without an embedded profile (decoders assume a generic one); embedding sharp's adds 940 KB.
  files['cmyk-640x480.jpg'] = await fromRaw(testCard(640, 480))
    .toColourspace('cmyk')
    .jpeg({ quality: 90 })
    .toBuffer();
  // 16-bit PNG: each 8-bit card value v becomes v * 257, so an 8-bit output must read v back.
  const card8 = testCard(640, 480);
  const card16 = new Uint16Array(card8.data.length);
  card8.data.forEach((v, i) => (card16[i] = v * 257));
  files['rgb16-640x480.png'] = await sharp(card16, { raw: { width: 640, height: 480, channels: 3 } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
  files['alpha-600x400.png'] = await fromRaw(alphaDisc(600, 400)).png().toBuffer();
  files['pixel-1x1.png'] = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#3366cc' } }).png().toBuffer();
  files['metadata-gps-xmp-640x480.jpg'] = await fromRaw(photo(640, 480, 9))
    .jpeg(jpeg)
    .withExif({
      IFD0: { Copyright: 'fixture', Artist: 'make-fixtures' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="make-fixtures"/></rdf:RDF></x:xmpmeta>')
    .toBuffer();
  // Three frames, red then green then blue: the core keeps only the first (red).
  const frames = [[200, 40, 40], [40, 170, 60], [40, 70, 210]] as const;
  const frameW = 200;
  const frameH = 150;
  const gif = Buffer.alloc(frameW * frameH * frames.length * 3);
  frames.forEach((colour, f) => {
    for (let p = 0; p < frameW * frameH; p++) gif.set(colour, (f * frameW * frameH + p) * 3);
  });
  files['animated-3frames-200x150.gif'] = await sharp(gif, { raw: { width: frameW, height: frameH * 3, channels: 3, pageHeight: frameH } })
    .gif({ loop: 0, delay: [500, 500, 500] })
    .toBuffer();
  return files;
}

async function hostileFixtures(photoJpeg: Buffer): Promise<Record<string, Buffer>> {
  const png = await fromRaw(photo(320, 240, 10)).png().toBuffer();
  return {
    'empty.png': Buffer.alloc(0),
    'text-named.png': Buffer.from('This is a text file with a .png name, not an image.\n'),
    'truncated.jpg': photoJpeg.subarray(0, Math.floor(photoJpeg.length * 0.6)),
    'truncated.png': png.subarray(0, Math.floor(png.length * 0.5)),
    'corrupt.jpg': scrambleJpegScan(photoJpeg),
    'corrupt-header.jpg': breakJpegHuffmanTable(photoJpeg),
    'bomb.png': decompressionBomb(20000),
    'many-scans.jpg': manyScanJpeg({ width: 4000, height: 4000, components: 1, scans: maxLegalScans(1) }),
  };
}

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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
