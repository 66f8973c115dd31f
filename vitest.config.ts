import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Two test files at a time: vitest's default (CPU count - 1) runs one at a time on a 2-core machine, and
    // most files spend their time waiting on child processes (sandboxes, synth, the browser), not on the CPU.
    maxWorkers: 2,
    // fauxqs's node:sqlite warning, and only that one (other warnings stay visible).
    setupFiles: ['test/support/quiet-sqlite-warning.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that build zips or synthesize share .build/ and cdktf.out/; they set up once in globalSetup.
    globalSetup: [],
  },
});
