import os from 'node:os';

/**
 * Images processed at once by default: one per CPU. sharp gives each image `sharp.concurrency()`
 * libvips threads, and that is 1 on glibc Linux without jemalloc (sharp's default there), so one
 * image at a time leaves the other CPUs idle; more images than CPUs measured no steady gain and
 * holds more images in memory (`npm run bench -- process-cli`). Past 4 at once, sharp's work also
 * queues for libuv's 4 threads unless UV_THREADPOOL_SIZE is raised.
 */
export const defaultJobs = (): number => os.availableParallelism();

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
