/**
 * Vitest setup file: drops the one warning fauxqs 2.x causes by loading `node:sqlite` (Node 22
 * prints "SQLite is an experimental feature" in every test worker that starts an emulator).
 * Filtered by its exact text, the way vitest and tsx drop their own loader warnings, so every
 * other warning, the project's own included, still prints.
 */
const sqliteWarning = 'SQLite is an experimental feature and might change at any time';
/** Set once the filter is in: test files that share a worker (isolate: false) run this file each, and one filter is enough. */
const installed = Symbol.for('s3-image-pipeline.quiet-sqlite-warning');
const marked = process as NodeJS.Process & { [installed]?: true };

if (!marked[installed]) {
  marked[installed] = true;
  const emit = process.emit.bind(process) as (event: string | symbol, ...args: unknown[]) => boolean;
  process.emit = function (event: string | symbol, ...args: unknown[]): boolean {
    const [warning] = args;
    if (event === 'warning' && warning instanceof Error && warning.name === 'ExperimentalWarning' && warning.message === sqliteWarning) return false;
    return emit(event, ...args);
  } as typeof process.emit;
}
