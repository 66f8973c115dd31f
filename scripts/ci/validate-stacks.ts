/**
 * `tsx scripts/ci/validate-stacks.ts`: `terraform validate` of every synthesized stack (dev, prod,
 * local, every example) against the AWS provider this machine has. Each stack is validated in one
 * temporary folder, initialised once, with its provider constraint relaxed to any 5.x or 6.x (the
 * stacks pin what @cdktf/provider-aws was generated from, which a mirror may not carry) and its
 * backend left out. Exits 1 when a stack is invalid, 0 with a loud line when terraform is missing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localstackProviderConstraint } from '../../stacks/localstack-target.js';
import { terraformCliSetup } from '../kit/localstack/terraform-cli-config.js';
import { commandRunner, missingTerraformMessage } from '../kit/localstack/terraform-cli.js';
import { ensureSynth } from '../kit/terraform/ensure-synth.js';

const repoRoot = process.cwd();

/** The stack's JSON as validate needs it: any 5.x or 6.x AWS provider, no backend (validate reads no state). */
function relaxedForValidate(json: string): string {
  const tf = JSON.parse(json) as { terraform?: { required_providers?: { aws?: { version?: string } }; backend?: unknown } };
  if (tf.terraform?.required_providers?.aws) tf.terraform.required_providers.aws.version = localstackProviderConstraint;
  if (tf.terraform) delete tf.terraform.backend;
  return JSON.stringify(tf);
}

async function main(): Promise<number> {
  ensureSynth(repoRoot, 'dev', { quiet: true });
  const stacksDir = join(repoRoot, 'cdktf.out', 'stacks');
  const stacks = readdirSync(stacksDir).filter((name) => existsSync(join(stacksDir, name, 'cdk.tf.json'))).sort();
  const cli = terraformCliSetup(join(repoRoot, '.build', 'terraform'));
  const run = commandRunner({ env: cli.env });
  const work = mkdtempSync(join(tmpdir(), 'validate-stacks-'));
  try {
    let failed = 0;
    for (const [index, stack] of stacks.entries()) {
      // Only the JSON: validate reads no file it names (zips), and .terraform is kept from the first init.
      writeFileSync(join(work, 'cdk.tf.json'), relaxedForValidate(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8')));
      if (index === 0) {
        const init = await run({ command: 'terraform', args: ['init', '-backend=false', '-input=false', '-no-color'], cwd: work });
        if (init.code !== 0) {
          console.log(`terraform init failed (${cli.description}):\n${init.stderr}`);
          return 1;
        }
      }
      const result = await run({ command: 'terraform', args: ['validate', '-json', '-no-color'], cwd: work });
      const report = JSON.parse(result.stdout || '{}') as { valid?: boolean; diagnostics?: { severity: string; summary: string; detail?: string; address?: string }[] };
      const problems = (report.diagnostics ?? []).filter((d) => d.severity === 'error');
      console.log(`${report.valid ? 'valid  ' : 'INVALID'} ${stack}${problems.length ? `: ${problems.map((d) => `${d.address ?? ''} ${d.summary}${d.detail ? ` (${d.detail})` : ''}`.trim()).join('; ')}` : ''}`);
      if (!report.valid) failed += 1;
      rmSync(join(work, 'cdk.tf.json'));
    }
    console.log(`${stacks.length - failed} of ${stacks.length} stacks valid against the AWS provider on this machine (${cli.description})`);
    return failed > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = (error as Error).message;
    console.log(message === missingTerraformMessage ? `!!! terraform validate NOT RUN: ${message}` : message);
    process.exit(message === missingTerraformMessage ? 0 : 1);
  },
);
