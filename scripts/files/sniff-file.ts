import { open } from 'node:fs/promises';
import { sniffHeadBytes, sniffImageFormat } from '../../functions/core/sniff.js';

/** The image format a file's first bytes name (as the upload API sniffs), or undefined; never its name. */
export async function sniffFile(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(sniffHeadBytes), position: 0 });
    return sniffImageFormat(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
