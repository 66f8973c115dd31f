import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Size } from './geometry.js';

/** The DCT scaling factors libjpeg can decode at. */
export type JpegShrink = 1 | 2 | 4 | 8;

/**
 * The largest factor libjpeg can shrink a JPEG by while decoding (it computes 1/2, 1/4 or 1/8 of
 * the DCT coefficients; libvips then keeps floor(size / factor) pixels) that still leaves at least
 * `target` on both axes, as Pillow's `draft` chooses. sharp picks its own only from twice that (a 1200 px box
 * from a 2560 px photo: none), so the core asks libjpeg directly (`jpegShrinkSource`).
 */
export function jpegShrinkFor(source: Size, target: Size): JpegShrink {
  let shrink: JpegShrink = 1;
  for (const next of [2, 4, 8] as const) {
    if (Math.floor(source.width / next) < target.width || Math.floor(source.height / next) < target.height) break;
    shrink = next;
  }
  return shrink;
}

/**
 * Runs `use` with a sharp input that decodes the JPEG `input` at 1/`shrink` of its size.
 *
 * Why a file: libvips' jpegload takes a `shrink` option, but sharp passes no load options of its
 * own choosing; it does pass a file name to libvips as given, and libvips reads load options from
 * a `[...]` suffix of the name. So the bytes (already validated) go to a private temporary file
 * (os.tmpdir(): /tmp on Lambda; about 1 ms for a 5 MB photo), removed once `use` settles. When
 * the file cannot be written (a full or read-only /tmp), `use` gets the bytes: a full decode, slower
 * but the same image.
 */
export async function jpegShrinkSource<T>(input: Buffer, shrink: JpegShrink, use: (source: string | Buffer) => Promise<T>): Promise<T> {
  const file = path.join(os.tmpdir(), `shrink-on-load-${randomUUID()}.jpg`);
  try {
    await writeFile(file, input, { mode: 0o600 });
  } catch {
    await rm(file, { force: true });
    return use(input);
  }
  try {
    return await use(`${file}[shrink=${shrink}]`);
  } finally {
    await rm(file, { force: true });
  }
}
