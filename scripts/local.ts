/**
 * `npm run local`: the whole flow on this machine. Synthesizes the stack if stale, builds it on the
 * embedded emulator (or deploys it into LocalStack), uploads every fixture image over HTTP, follows
 * each to its outputs or the dead-letter queue, diffs the outputs with the goldens, prints a table
 * and writes reports/local/index.html. Exits non-zero on a lost upload, a golden mismatch or a good
 * image that did not make it.
 */
import { SingleBar } from 'cli-progress';
import { join, relative, resolve } from 'node:path';
import { faultSummary } from './kit/kit-faults.js';
import { startLocalStackTarget } from './kit/localstack/localstack-target.js';
import { startEmbeddedTarget } from './kit/run/embedded-target.js';
import { writeLocalReport } from './kit/run/html-report.js';
import { keepHints } from './kit/run/keep-hints.js';
import { localUsage, parseLocalArgs } from './kit/run/local-args.js';
import type { RunTarget } from './kit/run/run-target.js';
import { runUploads } from './kit/run/run-uploads.js';
import { renderSummaryTable } from './kit/run/summary-table.js';
import { ensureSynth } from './kit/terraform/ensure-synth.js';

const repoRoot = process.cwd();
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let args;
  try {
    args = parseLocalArgs(process.argv.slice(2));
  } catch (error) {
    log(`${(error as Error).message}\n${localUsage}`);
    return 2;
  }
  const synth = ensureSynth(repoRoot, args.stack, { force: args.synth, quiet: !args.verbose });
  log(synth.synthesized ? `synthesized in ${Math.round(synth.ms)} ms` : `cdktf.out/stacks/${args.stack} is up to date`);

  let target: RunTarget;
  if (args.target === 'localstack') {
    if (args.visibilityTimeoutSeconds !== undefined) log('--visibility-timeout is not applied on LocalStack: terraform deploys the queue as declared');
    target = await startLocalStackTarget({ repoRoot, stack: args.stack });
  } else {
    target = await startEmbeddedTarget({
      stack: args.stack,
      repoRoot,
      logs: args.verbose ? 'stderr' : 'silent',
      ...(args.visibilityTimeoutSeconds !== undefined ? { overrides: { visibilityTimeoutSeconds: args.visibilityTimeoutSeconds } } : {}),
    });
  }
  for (const line of target.summary) log(line);

  const imagesDir = resolve(repoRoot, args.images);
  const bar = new SingleBar({ format: ' {bar} {value}/{total} images | {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true });
  const runs = await runUploads({
    target,
    imagesDir,
    timeoutMs: args.timeoutSeconds * 1000,
    onStart: (total) => bar.start(total, 0, { file: '' }),
    onImageDone: (run) => bar.increment(1, { file: `${run.file}: ${run.pass ? 'ok' : 'FAILED'}` }),
  });
  bar.stop();

  console.log(renderSummaryTable(runs));
  const report = await writeLocalReport(resolve(repoRoot, args.report), runs, { target: target.name, summary: target.summary });
  const failures = runs.filter((r) => !r.pass);
  console.log(`${runs.length - failures.length} of ${runs.length} images as expected; report: ${relative(repoRoot, report)}`);
  // The kit's own errors (a notification not sent, a receive or delete that failed, an API 5xx) fail the run too.
  const faults = target.faults?.() ?? [];
  if (target.faults) console.log(faultSummary(faults));

  if (args.keep) {
    console.log(`\nServing (Ctrl-C to stop). Upload URL: ${target.uploadUrl}`);
    for (const hint of keepHints(target, relative(repoRoot, join(imagesDir, 'photo-640x480.jpg')))) console.log(hint);
    await new Promise<void>((resolveStop) => process.once('SIGINT', () => resolveStop()));
  }
  await target.stop();
  return failures.length > 0 || faults.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exit(1);
  },
);
