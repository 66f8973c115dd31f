import { parseArgs } from 'node:util';

export interface LocalArgs {
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
}

export const localUsage = `npm run local -- [--stack dev] [--target embedded|localstack] [--keep] [--images fixtures/images]
  [--report reports/local] [--timeout 180] [--visibility-timeout <seconds>] [--synth] [--verbose]

  --visibility-timeout  override the processing queue's visibility timeout (default: the Terraform's, as in AWS;
                        bad input reaches the DLQ on its first receive either way, only redriven failures wait for it)`;

/** Parses `npm run local` arguments; every default is here. */
export function parseLocalArgs(argv: readonly string[]): LocalArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: 'string' },
      target: { type: 'string', default: 'embedded' },
      keep: { type: 'boolean', default: false },
      images: { type: 'string', default: 'fixtures/images' },
      report: { type: 'string', default: 'reports/local' },
      timeout: { type: 'string', default: '180' },
      'visibility-timeout': { type: 'string' },
      synth: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const target = values.target;
  if (target !== 'embedded' && target !== 'localstack') throw new Error(`--target must be embedded or localstack, not ${target}`);
  const visibility = values['visibility-timeout'];
  // `tf` (the Terraform's) is the default; still accepted so older command lines keep working.
  const visibilityTimeoutSeconds = visibility === undefined || visibility === 'tf' ? undefined : Number(visibility);
  if (visibilityTimeoutSeconds !== undefined && !(Number.isInteger(visibilityTimeoutSeconds) && visibilityTimeoutSeconds >= 0 && visibilityTimeoutSeconds <= 43_200)) {
    throw new Error(`--visibility-timeout must be a whole number of seconds from 0 to 43200, not ${visibility}`);
  }
  return {
    stack: values.stack ?? (target === 'localstack' ? 'local' : 'dev'),
    target,
    keep: values.keep ?? false,
    images: values.images ?? 'fixtures/images',
    report: values.report ?? 'reports/local',
    timeoutSeconds: Number(values.timeout),
    ...(visibilityTimeoutSeconds !== undefined ? { visibilityTimeoutSeconds } : {}),
    synth: values.synth ?? false,
    verbose: values.verbose ?? false,
  };
}
