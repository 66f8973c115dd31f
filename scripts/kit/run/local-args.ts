import { parseArgs } from 'node:util';

export interface LocalArgs {
  /** `--help`: print the usage and exit 0; the other fields are the defaults then. */
  readonly help: boolean;
  readonly stack: string;
  readonly target: 'embedded' | 'localstack';
  readonly keep: boolean;
  readonly images: string;
  readonly report: string;
  readonly timeoutSeconds: number;
  /** Visibility timeout of the processing queue for the run (a printed local override); undefined keeps the Terraform's. */
  readonly visibilityTimeoutSeconds?: number;
  readonly synth: boolean;
  readonly verbose: boolean;
  /** `--endpoint`: the LocalStack-compatible endpoint (localstack target only); undefined keeps the stack's default. */
  readonly endpoint?: string;
  /** `--destroy`: terraform destroy after the run (localstack target only). */
  readonly destroy: boolean;
  /** `--json`: where to write each image's verdict as JSON. */
  readonly json?: string;
}

/** A command line `npm run local` cannot run: the message says what is wrong; print it with the usage, exit 2. */
export class LocalUsageError extends Error {
  override readonly name = 'LocalUsageError';
}

export const localUsage = `usage: npm run local -- [options]

Runs the pipeline on this machine from the synthesized Terraform: uploads every image of --images over
the local API, follows each to its outputs or the dead-letter queue, compares outputs with the goldens
where the image is one of the fixtures, prints a table and writes an HTML report.

  --images <dir>        images to upload (default fixtures/images); files in <dir>/hostile are expected to be
                        refused or dead-lettered. Images that are not fixtures have no golden: their verdict is
                        "no golden" (processed, outputs in the report), which does not fail the run
  --report <dir>        where index.html and the outputs go (default reports/local)
  --timeout <seconds>   how long all uploads may take to reach their end (default 180)
  --stack <name>        the synthesized stack: dev, prod, local, or an example by its folder name under examples/
                        (default dev; local with --target localstack)
  --synth               synthesize even when cdktf.out is up to date
  --keep                keep serving after the run: prints the kit's PID, ready-to-paste curl and aws commands,
                        and what becomes of each new upload; stop with Ctrl-C or kill <PID>
  --visibility-timeout <seconds>
                        override the processing queue's visibility timeout (default: the Terraform's, as in AWS;
                        bad input reaches the DLQ on its first receive either way, only redriven failures wait for it)
  --target <name>       embedded (default: an emulator in this process) or localstack (deploys the local stack
                        with terraform into LocalStack at http://localhost:4566, or --endpoint)
  --endpoint <url>      with --target localstack: the LocalStack-compatible endpoint (sets the stack's
                        localstack_endpoint variable)
  --destroy             with --target localstack: terraform destroy once the run is over
  --json <file>         also write each image's verdict as JSON (file, hostile, verdict, pass, note)
  --verbose             print synthesis output and the functions' logs
  --help                print this and exit

Exit status: 0 when every image ended as expected, 1 when one did not, 2 for a command line or --images
folder it cannot run, 128+n when stopped by signal n.`;

const wholeSeconds = (text: string | undefined, name: string, min: number, max: number): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new LocalUsageError(`${name} must be a whole number of seconds from ${min} to ${max}, not ${text}`);
  }
  return value;
};

/** An http(s) URL without a trailing slash, e.g. `http://127.0.0.1:4566`. */
function endpointUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LocalUsageError(`--endpoint must be a URL such as http://localhost:4566, not ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LocalUsageError(`--endpoint must be an http or https URL, not ${text}`);
  return text.replace(/\/+$/, '');
}

/** Parses `npm run local` arguments; every default is here. Throws LocalUsageError on a line it cannot run. */
export function parseLocalArgs(argv: readonly string[]): LocalArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        stack: { type: 'string' },
        target: { type: 'string', default: 'embedded' },
        keep: { type: 'boolean', default: false },
        images: { type: 'string', default: 'fixtures/images' },
        report: { type: 'string', default: 'reports/local' },
        timeout: { type: 'string', default: '180' },
        'visibility-timeout': { type: 'string' },
        synth: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        endpoint: { type: 'string' },
        destroy: { type: 'boolean', default: false },
        json: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util's messages name the option ("Unknown option '--imgaes'"); the usage follows.
    throw new LocalUsageError((error as Error).message);
  }
  if (values.help) return { ...parseLocalArgs([]), help: true };
  const target = values.target;
  if (target !== 'embedded' && target !== 'localstack') throw new LocalUsageError(`--target must be embedded or localstack, not ${target}`);
  if (target !== 'localstack') {
    const only = values.endpoint !== undefined ? '--endpoint' : values.destroy ? '--destroy' : undefined;
    if (only) throw new LocalUsageError(`${only} goes with --target localstack (the embedded target deploys nothing)`);
  }
  const endpoint = values.endpoint === undefined ? undefined : endpointUrl(values.endpoint);
  const visibility = values['visibility-timeout'];
  // `tf` (the Terraform's) is the default; still accepted so older command lines keep working.
  const visibilityTimeoutSeconds = visibility === 'tf' ? undefined : wholeSeconds(visibility, '--visibility-timeout', 0, 43_200);
  return {
    help: values.help,
    stack: values.stack ?? (target === 'localstack' ? 'local' : 'dev'),
    target,
    keep: values.keep,
    images: values.images,
    report: values.report,
    timeoutSeconds: wholeSeconds(values.timeout, '--timeout', 1, 86_400)!,
    ...(visibilityTimeoutSeconds !== undefined ? { visibilityTimeoutSeconds } : {}),
    synth: values.synth,
    verbose: values.verbose,
    ...(endpoint !== undefined ? { endpoint } : {}),
    destroy: values.destroy,
    ...(values.json !== undefined ? { json: values.json } : {}),
  };
}
