import { defineConfig } from 'vitest/config';

/**
 * Files that need a fresh module graph of their own: they mock a module (`vi.mock('sharp')`) or import a
 * handler whose settings are read from the environment at import time. Every other file of `npm test`
 * shares its worker process (and so the modules it has already loaded: cdktf, the AWS SDK, sharp, the kit)
 * with the files before it, which saves a process start and those imports per file.
 */
const isolatedFiles = ['test/core/decode-cost.test.ts', 'test/functions/notify/handler-env.test.ts'];

/**
 * `npm run test:e2e`, the second tier: files that are slow by nature, each costing 9-17 s of CPU on this
 * 2-core machine where the rest of `npm test` averages well under one. README, "Tests", says why each is here.
 */
const e2eFiles = [
  // The x86_64 and arm64 zips unzipped and run; the arm64 ones under qemu (about 10 s of CPU for one batch).
  'test/packaging/zips-run.test.ts',
  // Four `npm run local -- --keep` kits, each with its sandboxes, stopped by a signal.
  'test/kit/local-signals.test.ts',
  // Two whole `npm run local` runs, on the direct and the state-machine stacks.
  'test/e2e/trigger-stack-run.test.ts',
  // 200 uploads through the API, each to its six outputs, none lost or processed twice.
  'test/e2e/upload-volume.test.ts',
];

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
    // `npm test` runs `shared` and `isolated`, `npm run test:e2e` runs `e2e`; `npx vitest run <file>` finds a file in any.
    // `include` per project, not above: `extends` adds a project's list to the root's.
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...isolatedFiles, ...e2eFiles], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolatedFiles } },
      { extends: true, test: { name: 'e2e', include: e2eFiles } },
    ],
  },
});
