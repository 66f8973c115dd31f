import { Busboy } from '@fastify/busboy';
import { BadFormError } from './errors.js';

/** The one file of a `multipart/form-data` upload. */
export interface FormFile {
  readonly bytes: Buffer;
  /** The part's `filename` (the browser's or curl's name for the file), undefined when it has none. */
  readonly fileName: string | undefined;
}

const oneFileHint = 'send one image as a file field (curl -F file=@photo.jpg, or an <input type="file"> form)';

/** `multipart/form-data`, whatever its parameters and case. */
export function isMultipartForm(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
}

/**
 * The single file part of a `multipart/form-data` body, parsed by busboy. Text fields are ignored;
 * no file part, more than one, or a malformed form is a BadFormError (400) saying what to send.
 */
export function readFormFile(body: Buffer, contentType: string): Promise<FormFile> {
  return new Promise((resolve, reject) => {
    let form;
    try {
      form = Busboy({ headers: { 'content-type': contentType } });
    } catch (error) {
      reject(new BadFormError(`the multipart/form-data body cannot be read (${(error as Error).message}); ${oneFileHint}`));
      return;
    }
    const files: { chunks: Buffer[]; fileName: string; ended: boolean }[] = [];
    let finished = false;
    let settled = false;
    const fail = (error: BadFormError): void => {
      settled = true;
      reject(error);
    };
    // Settles once the form and every file stream have ended (busboy may finish before a file's 'end').
    const settle = (): void => {
      if (settled || !finished || files.some((file) => !file.ended)) return;
      const [file, ...others] = files;
      if (file === undefined) return fail(new BadFormError(`the form has no file part; ${oneFileHint}`));
      if (others.length > 0) return fail(new BadFormError(`the form has ${files.length} files; ${oneFileHint} per request`));
      settled = true;
      resolve({ bytes: Buffer.concat(file.chunks), fileName: file.fileName === '' ? undefined : file.fileName });
    };
    form.on('file', (_field, stream, fileName) => {
      const file = { chunks: [] as Buffer[], fileName, ended: false };
      files.push(file);
      stream.on('data', (chunk: Buffer) => file.chunks.push(chunk));
      stream.on('end', () => {
        file.ended = true;
        settle();
      });
      stream.on('error', () => {}); // a cut-off part: the form's own 'error' says so
    });
    form.on('error', (error: unknown) => {
      if (!settled) fail(new BadFormError(`the multipart/form-data body is malformed (${error instanceof Error ? error.message : String(error)}); ${oneFileHint}`));
    });
    form.on('finish', () => {
      finished = true;
      settle();
    });
    form.end(body);
  });
}
