import os from 'node:os';

/**
 * Memory one image may hold while it is processed, for a pixel limit: the decoded master at up to
 * 4 bytes a pixel (a PNG or interlaced image decodes whole), its cuts and encoder buffers, and
 * libvips' working memory. Measured: a 24 MP JPEG (seed-multi) peaked about 250 MB above the
 * process's idle 90 MB; this estimate is the safe side of that for a full-limit image.
 */
export const memoryPerImage = (maxInputPixels: number): number => maxInputPixels * 4 + 64 * 2 ** 20;

/**
 * Images processed at once by default: one per CPU, as many as fit in the memory available now.
 * sharp gives each image `sharp.concurrency()` libvips threads, and that is 1 on glibc Linux
 * without jemalloc (sharp's default there), so one image at a time leaves the other CPUs idle;
 * more images than CPUs measured no steady gain and holds more images in memory
 * (`npm run bench -- process-cli`). Past 4 at once, sharp's work also queues for libuv's 4
 * threads unless UV_THREADPOOL_SIZE is raised.
 */
export function defaultConcurrency(maxInputPixels: number, available = { cpus: os.availableParallelism(), memory: os.freemem() }): number {
  return Math.max(1, Math.min(available.cpus, Math.floor(available.memory / memoryPerImage(maxInputPixels))));
}

/**
 * Runs `task` on every item, at most `limit` at once, starting them in order; resolves when all
 * have finished. `task` handles its own errors.
 */
export async function forEachAtMost<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
