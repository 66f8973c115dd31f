/**
 * `npm run replay -- <event.json> [--images <dir>] [--stack dev] [--quiet]`: delivers a captured event through
 * the path the stack would (SQS-shaped events through the queue and the runner; an S3 notification
 * as an asynchronous invoke for a direct stack; an EventBridge event through the bus, its rules and
 * the state machine for an eventbridge stack, a `{bucket, key}` input as an execution there; the
 * others as a direct invocation of the process function), with the objects it names seeded from
 * `<dir>`. Logs go to stderr; the last stdout line is one JSON summary (`executions` where a state
 * machine ran).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { replayEvent } from './kit/replay/replay-event.js';
import { startKit } from './kit/start-kit.js';
import { ensureSynth } from './kit/terraform/ensure-synth.js';

const usage = 'npm run replay -- <event.json> [--images fixtures/images] [--stack dev] [--quiet]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { images: { type: 'string', default: 'fixtures/images' }, stack: { type: 'string', default: 'dev' }, quiet: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [eventFile] = positionals;
  if (!eventFile) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const repoRoot = process.cwd();
  const event = JSON.parse(readFileSync(resolve(eventFile), 'utf8')) as unknown;
  const imagesDir = resolve(repoRoot, values.images ?? 'fixtures/images');
  // The objects the event names are looked up here (a missing one is warned about before delivery).
  if (!statSync(imagesDir, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`--images ${values.images}: no such folder\n${usage}\n`);
    return 2;
  }
  ensureSynth(repoRoot, values.stack ?? 'dev', { quiet: true });
  const kit = await startKit({ stack: values.stack ?? 'dev', repoRoot, logs: values.quiet ? 'silent' : 'stderr' });
  try {
    const summary = await replayEvent(kit, event, { imagesDir });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    // A fault of the kit itself (logged to stderr when it happened) fails the replay like a failed object.
    return summary.failed.length > 0 || kit.faults.all().length > 0 ? 1 : 0;
  } finally {
    await kit.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exit(2);
  },
);
