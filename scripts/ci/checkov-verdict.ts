/**
 * Reads checkov's JSON report of one synthesized stack and the skips of checkov/skips.json, prints
 * `<stack>: N passed, N failed, N skipped` and lists every failure no skip covers (exit 1 then).
 * checkov's terraform_json runner reads no inline skips, so the reasons live in that one file.
 *
 *   tsx scripts/ci/checkov-verdict.ts <stack> <checkov-report.json> [skips.json]
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const skipSchema = z.strictObject({
  check: z.string().regex(/^CKV2?_[A-Z]+_\d+$/),
  /** One line: why this failure is accepted. */
  why: z.string().min(20),
  /** Stacks where the check must pass (the option that fixes it is on there by default). @default none */
  notIn: z.array(z.string()).optional(),
  /** Logical-name prefixes of the resources it covers (`access-logs_bucket_`). @default every resource */
  resources: z.array(z.string()).optional(),
});
export const skipsFileSchema = z.strictObject({ skips: z.array(skipSchema) });
export type CheckovSkip = z.infer<typeof skipSchema>;

export interface CheckovFailure {
  readonly checkId: string;
  readonly checkName: string;
  /** `aws_s3_bucket.uploads_bucket_556152F0` or `resource.process_function_BC9E4FE0`, as checkov names it. */
  readonly resource: string;
}

export interface StackVerdict {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly unskipped: readonly CheckovFailure[];
}

/** The skip covering this failure in this stack, if any. */
export function skipFor(failure: CheckovFailure, stack: string, skips: readonly CheckovSkip[]): CheckovSkip | undefined {
  const logicalName = failure.resource.slice(failure.resource.lastIndexOf('.') + 1);
  return skips.find(
    (skip) =>
      skip.check === failure.checkId &&
      !(skip.notIn ?? []).includes(stack) &&
      (skip.resources === undefined || skip.resources.some((prefix) => logicalName.startsWith(prefix))),
  );
}

export function verdictOf(stack: string, passed: number, failures: readonly CheckovFailure[], skips: readonly CheckovSkip[]): StackVerdict {
  const unskipped = failures.filter((failure) => skipFor(failure, stack, skips) === undefined);
  return { passed, failed: unskipped.length, skipped: failures.length - unskipped.length, unskipped };
}

const reportSchema = z.looseObject({
  summary: z.looseObject({ passed: z.number(), failed: z.number(), parsing_errors: z.number() }),
  results: z
    .looseObject({ failed_checks: z.array(z.looseObject({ check_id: z.string(), check_name: z.string(), resource: z.string() })).default([]) })
    .optional(),
});

function main([stack, reportPath, skipsPath = 'checkov/skips.json']: string[]): number {
  if (stack === undefined || reportPath === undefined) {
    console.error('usage: checkov-verdict.ts <stack> <checkov-report.json> [skips.json]');
    return 2;
  }
  const { skips } = skipsFileSchema.parse(JSON.parse(readFileSync(skipsPath, 'utf8')));
  const raw: unknown = JSON.parse(readFileSync(reportPath, 'utf8'));
  // checkov writes one report, or a list of them when several frameworks ran.
  const report = reportSchema.parse(Array.isArray(raw) ? raw[0] : raw);
  if (report.summary.parsing_errors > 0) {
    console.log(`${stack}: checkov could not parse the stack`);
    return 1;
  }
  const failures = (report.results?.failed_checks ?? []).map((f) => ({ checkId: f.check_id, checkName: f.check_name, resource: f.resource }));
  const verdict = verdictOf(stack, report.summary.passed, failures, skips);
  console.log(`${stack}: ${verdict.passed} passed, ${verdict.failed} failed, ${verdict.skipped} skipped`);
  for (const failure of verdict.unskipped) console.log(`  FAILED ${failure.checkId} ${failure.resource}: ${failure.checkName}`);
  return verdict.failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
