import { defineConfig } from 'vitest/config';

/**
 * Files that need a fresh module graph of their own: they mock a module (`vi.mock('sharp')`) or import a
 * handler whose settings are read from the environment at import time. Every other file shares its worker
 * process (and so the modules it has already loaded: cdktf, the AWS SDK, sharp, the kit) with the files
 * before it, which saves a process start and those imports per file.
 */
export const isolatedFiles = ['test/core/decode-cost.test.ts', 'test/functions/notify/handler-env.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Two test files at a time: vitest's default (CPU count - 1) runs one at a time on a 2-core machine, and
    // most files spend their time waiting on child processes (sandboxes, synth, the browser), not on the CPU.
    maxWorkers: 2,
    // fauxqs's node:sqlite warning, and only that one (other warnings stay visible).
    setupFiles: ['test/support/quiet-sqlite-warning.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      // `include` per project, not above: `extends` adds a project's list to the root's.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: isolatedFiles, isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolatedFiles } },
    ],
  },
});
