import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sniffFile } from '../../files/sniff-file.js';

/** One file `npm run local` uploads. */
export interface UploadFile {
  /** Relative to the images folder, e.g. `photo-640x480.jpg` or `hostile/truncated.jpg`. */
  readonly file: string;
  readonly path: string;
  /** In `hostile/`: expected to be refused or dead-lettered. */
  readonly hostile: boolean;
}

export interface ImagesFolder {
  /** Images at the top (by content), then every file in `hostile/`, each sorted by name. */
  readonly files: readonly UploadFile[];
  /** Files at the top that are not images by their content (documentation files aside). */
  readonly skipped: readonly string[];
}

/** The `--images` folder cannot be run: missing, not a folder, or nothing in it to upload. */
export class ImagesFolderError extends Error {
  override readonly name = 'ImagesFolderError';
}

/** Documentation and data files that sit beside the fixtures: neither uploaded nor reported as skipped. */
const documentation = /^(readme|license)|\.(md|txt|json)$/i;

async function plainFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.') && !documentation.test(e.name)).map((e) => e.name).sort();
}

/**
 * What `npm run local` uploads from `dir`: the images directly in it (by content; other files are
 * skipped and named) and every file in `dir/hostile/` (bad on purpose). A folder that does not
 * exist, is a file, or holds nothing to upload is an ImagesFolderError.
 */
export async function listImagesFolder(dir: string, shownAs: string = dir): Promise<ImagesFolder> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ImagesFolderError(`--images ${shownAs}: no such folder`);
  if (!info.isDirectory()) throw new ImagesFolderError(`--images ${shownAs}: not a folder; give the folder that holds the images`);
  const good: UploadFile[] = [];
  const skipped: string[] = [];
  for (const name of await plainFiles(dir)) {
    const path = join(dir, name);
    // By content, as the upload API sniffs: HEIC and SVG count here, and are refused there.
    if ((await sniffFile(path)) !== undefined) good.push({ file: name, path, hostile: false });
    else skipped.push(name);
  }
  const hostile = (await plainFiles(join(dir, 'hostile'))).map((name) => ({ file: `hostile/${name}`, path: join(dir, 'hostile', name), hostile: true }));
  if (good.length === 0 && hostile.length === 0) {
    const found = skipped.length > 0 ? `; not images by their content: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? `, and ${skipped.length - 5} more` : ''}` : '';
    throw new ImagesFolderError(`--images ${shownAs}: no image in it (JPEG, PNG, WebP, GIF, TIFF or AVIF, recognised by content)${found}`);
  }
  return { files: [...good, ...hostile], skipped };
}
