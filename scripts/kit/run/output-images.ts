import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { RunTarget } from './run-target.js';

/** One output of an upload as read back from the outputs bucket. */
export interface OutputImage {
  readonly key: string;
  readonly bytes: number;
  /** From the image's header; undefined when it cannot be read as an image. */
  readonly width?: number;
  readonly height?: number;
  readonly format?: string;
  /** Where a copy was saved, when asked to. */
  readonly file?: string;
}

/** A key as a relative path below a folder: `.`, `..` and empty segments become `_`, so no key climbs out. */
export const keyAsPath = (key: string): string =>
  key
    .split('/')
    .map((segment) => (segment === '' || segment === '.' || segment === '..' ? '_' : segment))
    .join('/');

/** Describes one output (bytes, and dimensions and format from its header) and saves a copy below `saveTo/<key>` when given. */
export async function describeOutput(key: string, body: Buffer, saveTo?: string): Promise<OutputImage> {
  const meta = await sharp(body).metadata().catch(() => undefined);
  let file: string | undefined;
  if (saveTo !== undefined) {
    file = join(saveTo, keyAsPath(key));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body);
  }
  return {
    key,
    bytes: body.length,
    ...(meta?.width !== undefined && meta.height !== undefined ? { width: meta.width, height: meta.height } : {}),
    ...(meta?.format !== undefined ? { format: meta.format } : {}),
    ...(file !== undefined ? { file } : {}),
  };
}

/** Reads each output from the outputs bucket and describes it (see describeOutput). */
export async function fetchOutputs(target: RunTarget, keys: readonly string[], saveTo?: string): Promise<{ images: OutputImage[]; bodies: Buffer[] }> {
  const images: OutputImage[] = [];
  const bodies: Buffer[] = [];
  for (const key of keys) {
    const reply = await target.s3.send(new GetObjectCommand({ Bucket: target.outputsBucket, Key: key }));
    const body = Buffer.from(await reply.Body!.transformToByteArray());
    images.push(await describeOutput(key, body, saveTo));
    bodies.push(body);
  }
  return { images, bodies };
}
