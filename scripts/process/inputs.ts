import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sniffFile } from '../files/sniff-file.js';

export interface InputFile {
  readonly file: string;
  /** The key the file is processed under: its path below the directory given, or its name. */
  readonly key: string;
}

/** An input given on the command line that fails as a whole: missing, unreadable, a directory without images. */
export interface InputProblem {
  readonly input: string;
  readonly reason: string;
}

export interface ExpandedInputs {
  /** Files to process, sorted by key. */
  readonly files: readonly InputFile[];
  /** Files found in directories that are not images by their magic bytes (paths as found). */
  readonly skipped: readonly string[];
  readonly problems: readonly InputProblem[];
}

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
};

/** The image files below a directory (hidden files and folders left out), and the files that are not images. */
async function walkDirectory(dir: string, skipped: string[], problems: InputProblem[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  let visible = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, file).split(path.sep).join('/');
    if (!entry.isFile() || key.split('/').some((part) => part.startsWith('.'))) continue;
    visible++;
    try {
      // By content, like the upload API: a photo named .txt is processed, notes named .png are not.
      if ((await sniffFile(file)) === undefined) skipped.push(file);
      else files.push({ file, key });
    } catch (error) {
      problems.push({ input: file, reason: reasonOf(error) });
    }
  }
  if (files.length === 0 && visible === 0) problems.push({ input: dir, reason: 'an empty directory: no image to process' });
  else if (files.length === 0) problems.push({ input: dir, reason: `no image in it (${visible} ${visible === 1 ? 'file is' : 'files are'} not images)` });
  return files;
}

/**
 * The files the command line names: each directory walked (keys are paths below it, so nested
 * folders fill `{dir}`), each file taken as given. A missing input, or a directory without any
 * image, is a problem of that input only.
 */
export async function expandInputs(inputs: readonly string[]): Promise<ExpandedInputs> {
  const files: InputFile[] = [];
  const skipped: string[] = [];
  const problems: InputProblem[] = [];
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(input)).isDirectory();
    } catch (error) {
      problems.push({ input, reason: reasonOf(error) });
      continue;
    }
    if (isDirectory) files.push(...(await walkDirectory(input, skipped, problems)));
    else files.push({ file: input, key: path.basename(input) });
  }
  return { files: files.sort((a, b) => a.key.localeCompare(b.key)), skipped, problems };
}
