/**
 * `npm run local`: the whole flow on this machine. Synthesizes the stack if stale, builds it on the
 * embedded emulator (or deploys it into LocalStack), uploads every image of `--images` over HTTP,
 * follows each to its outputs or the dead-letter queue, diffs the outputs of the fixtures with
 * their goldens, prints a table and writes reports/local/index.html. Exits 1 on a lost upload, a
 * golden mismatch or a good image that did not make it; 2 on a command line or images folder it
 * cannot run; 128+n when stopped by signal n, after stopping everything it started.
 */
import { SingleBar } from 'cli-progress';
import { relative, resolve } from 'node:path';
import { faultSummary } from './kit/kit-faults.js';
import { executionSummaryLines } from './kit/run/executions.js';
import { clearReportOutputs, ReportFolderError, reportOutputsDir, writeLocalReport } from './kit/run/html-report.js';
import { ImagesFolderError, listImagesFolder } from './kit/run/image-files.js';
import { keepHints } from './kit/run/keep-hints.js';
import { afterStepsKeepLines } from './kit/run/kit-after-steps.js';
import { unverifiedDeliveriesLine } from './kit/webhooks/delivery-summary.js';
import { LocalUsageError, localUsage, parseLocalArgs, type LocalArgs } from './kit/run/local-args.js';
import type { RunTarget } from './kit/run/run-target.js';
import { runExitCode } from './kit/run/run-exit-code.js';
import { runUploads, type ImageRun } from './kit/run/run-uploads.js';
import { synthesizedStackNames, unknownStackMessage } from './kit/run/stack-names.js';
import { exitCodeForSignal, watchStopSignals, type StopSignal } from './kit/run/stop-signals.js';
import { renderSummaryTable, verdictLabel } from './kit/run/summary-table.js';
import { followUploadFates } from './kit/run/upload-fates.js';
import { verdictFile, writeVerdictFile } from './kit/run/verdict-file.js';
import type { Kit } from './kit/start-kit.js';
import { ensureSynth, isSynthStale } from './kit/terraform/ensure-synth.js';

const repoRoot = process.cwd();
const log = (line: string): void => void process.stderr.write(`${line}\n`);
/** A path as the user would type it: relative inside the repository, absolute outside. */
const shownPath = (path: string): string => (relative(repoRoot, path).startsWith('..') ? path : relative(repoRoot, path) || path);

/** Synthesizes when stale; a stack the app does not synthesize is a usage error naming the ones it does. */
function synthesize(args: LocalArgs): void {
  const known = synthesizedStackNames(repoRoot);
  // Answer at once when cdktf.out is fresh and lacks the stack, rather than after a synthesis.
  if (known && known.length > 0 && !known.includes(args.stack) && !isSynthStale(repoRoot, known[0]!)) throw new LocalUsageError(unknownStackMessage(args.stack, known, repoRoot));
  try {
    const synth = ensureSynth(repoRoot, args.stack, { force: args.synth, quiet: !args.verbose });
    log(synth.synthesized ? `synthesized in ${Math.round(synth.ms)} ms` : `cdktf.out/stacks/${args.stack} is up to date`);
  } catch (error) {
    const after = synthesizedStackNames(repoRoot);
    if (after && !after.includes(args.stack)) throw new LocalUsageError(unknownStackMessage(args.stack, after, repoRoot));
    throw error;
  }
}

/**
 * The embedded target carries its kit (to follow uploads with `--keep`); LocalStack has none. Each is
 * loaded here, not at the top: the emulator and the SDK take about a second to load, which `--help`
 * and a mistyped argument should not wait for.
 */
async function startTarget(args: LocalArgs): Promise<RunTarget & { readonly kit?: Kit }> {
  if (args.target === 'localstack') {
    const { startLocalStackTarget } = await import('./kit/localstack/localstack-target.js');
    if (args.visibilityTimeoutSeconds !== undefined) log('--visibility-timeout is not applied on LocalStack: terraform deploys the queue as declared');
    return startLocalStackTarget({
      repoRoot,
      stack: args.stack,
      destroy: args.destroy,
      verbose: args.verbose,
      ...(args.endpoint !== undefined ? { endpoint: args.endpoint } : {}),
    });
  }
  const { startEmbeddedTarget } = await import('./kit/run/embedded-target.js');
  return startEmbeddedTarget({
    stack: args.stack,
    repoRoot,
    logs: args.verbose ? 'stderr' : 'silent',
    ...(args.visibilityTimeoutSeconds !== undefined ? { overrides: { visibilityTimeoutSeconds: args.visibilityTimeoutSeconds } } : {}),
  });
}

/** The last line of the run: how many ended as expected, and what the images without goldens mean. */
function verdictLine(runs: readonly ImageRun[], report: string): string {
  const failing = runs.filter((r) => r.verdict === 'fail').length;
  const noGolden = runs.filter((r) => r.verdict === 'no-golden').length;
  const unchecked = noGolden > 0 ? `, ${noGolden} of them processed with no golden to compare (not fixtures: look at their outputs in the report)` : '';
  return `${runs.length - failing} of ${runs.length} images as expected${unchecked}; report: ${shownPath(report)}`;
}

/** What the run started, so that a signal can stop it whenever it comes. */
interface Started {
  /** The target being started or running. */
  target?: Promise<RunTarget & { readonly kit?: Kit }>;
}

async function run(args: LocalArgs, started: Started, stopRequested: Promise<StopSignal>): Promise<number> {
  const imagesDir = resolve(repoRoot, args.images);
  // Before synthesizing or starting anything: a mistyped folder is an error, not "0 of 0".
  const folder = await listImagesFolder(imagesDir, args.images);
  const reportDir = resolve(repoRoot, args.report);
  await clearReportOutputs(reportDir, args.report);
  synthesize(args);
  started.target = startTarget(args);
  const target = await started.target;
  for (const line of target.summary) log(line);
  if (folder.skipped.length > 0) log(`skipped ${folder.skipped.length === 1 ? '1 file that is not an image' : `${folder.skipped.length} files that are not images`} by content: ${folder.skipped.join(', ')}`);

  const bar = new SingleBar({ format: ' {bar} {value}/{total} images | {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true });
  const runs = await runUploads({
    target,
    imagesDir,
    files: folder.files,
    saveOutputsTo: reportOutputsDir(reportDir),
    timeoutMs: args.timeoutSeconds * 1000,
    onStart: (total) => bar.start(total, 0, { file: '' }),
    onImageDone: (image) => bar.increment(1, { file: `${image.file}: ${verdictLabel[image.verdict]}` }),
  });
  bar.stop();

  console.log(renderSummaryTable(runs));
  // Where a state machine ran: which images went in through which API, and how the executions ended.
  for (const line of executionSummaryLines(runs)) console.log(line);
  const report = await writeLocalReport(reportDir, runs, { target: target.name, summary: target.summary, skipped: folder.skipped });
  console.log(verdictLine(runs, report));
  if (args.json !== undefined) await writeVerdictFile(resolve(repoRoot, args.json), verdictFile(target.name, args.stack, runs));
  // The kit's own errors (a notification not sent, a receive or delete that failed, an API 5xx) fail the run too.
  const faults = target.faults?.() ?? [];
  if (target.faults) console.log(faultSummary(faults));
  // A request the receivers could not verify fails the run, even one that names no image of it.
  const unverified = target.kit ? unverifiedDeliveriesLine(target.kit.webhooks) : undefined;
  if (unverified !== undefined) console.log(unverified.line);
  const exitCode = (unverified?.unverified ?? 0) > 0 ? 1 : runExitCode(runs, faults);
  if (!args.keep) return exitCode;

  const sample = folder.files.find((f) => !f.hostile) ?? folder.files[0]!;
  console.log(`\nServing at ${target.uploadUrl} (kit PID ${process.pid}; stop it with Ctrl-C or kill ${process.pid}). Try:`);
  for (const hint of keepHints(target, shownPath(sample.path))) console.log(hint);
  const { kit } = target;
  for (const line of kit ? afterStepsKeepLines(kit) : []) console.log(line);
  if (kit) console.log('Each new upload is followed below as it happens (outputs, refused, dead-lettered with the reason).');
  else console.log('Uploads are not followed on LocalStack: look at the buckets and the dead-letter queue with the commands above.');
  const stopFollowing = kit ? followUploadFates(kit, target, { timeoutMs: args.timeoutSeconds * 1000, log: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`) }) : () => undefined;
  const signal = await stopRequested;
  stopFollowing();
  return exitCodeForSignal(signal);
}

async function main(): Promise<number> {
  let args: LocalArgs;
  try {
    args = parseLocalArgs(process.argv.slice(2));
  } catch (error) {
    log(`${(error as Error).message}\n\n${localUsage}`);
    return 2;
  }
  if (args.help) {
    console.log(localUsage);
    return 0;
  }

  // From here on a signal stops what was started (servers, sandboxes) before the process exits,
  // instead of leaving them serving. The run may be anywhere then: the race ends it.
  const signals = watchStopSignals();
  const interrupted = signals.received.then((signal) => {
    log(`\n${signal}: stopping the kit and its sandboxes`);
    return exitCodeForSignal(signal);
  });
  const started: Started = {};
  const work = run(args, started, signals.received);
  try {
    return await Promise.race([work, interrupted]);
  } catch (error) {
    if (error instanceof LocalUsageError || error instanceof ImagesFolderError || error instanceof ReportFolderError) {
      log(error.message);
      return 2;
    }
    throw error;
  } finally {
    // Also when a signal came while the target was starting: it is stopped once it stands.
    const target = await started.target?.catch(() => undefined);
    await target?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // The kit's own errors (LocalStack unreachable, terraform missing or failing) are one line naming the fix.
    log(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exit(1);
  },
);
