import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where provider mirrors are commonly kept (this project's CI machines: /opt/tf-plugins). */
export const defaultMirrorCandidates = (home: string = homedir()): string[] => [
  '/opt/tf-plugins',
  join(home, '.terraform.d', 'plugins'),
  join(home, '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/** A filesystem mirror that holds hashicorp/aws, the one provider the stacks use. */
export function findAwsProviderMirror(candidates: readonly string[], exists: (path: string) => boolean = existsSync): string | undefined {
  return candidates.find((dir) => exists(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/** A CLI configuration installing hashicorp/* from the mirror and anything else from the registry. */
export function mirrorCliConfig(mirror: string): string {
  return [
    '# Written by npm run local / scripts/ci: providers from the filesystem mirror found on this machine.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface TerraformCliSetup {
  /** The environment terraform runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** What was chosen, for the run's summary. */
  readonly description: string;
}

/**
 * The environment for terraform: the user's own `TF_CLI_CONFIG_FILE` when that file exists;
 * otherwise a configuration written to `<buildDir>/cli.tfrc` that points at a provider mirror on
 * this machine; otherwise terraform's defaults (the registry), without a dangling TF_CLI_CONFIG_FILE.
 */
export function terraformCliSetup(
  buildDir: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { mirrors?: readonly string[]; exists?: (path: string) => boolean } = {},
): TerraformCliSetup {
  const exists = options.exists ?? existsSync;
  const own = env.TF_CLI_CONFIG_FILE;
  if (own && exists(own)) return { env, description: `terraform CLI configuration ${own} (TF_CLI_CONFIG_FILE)` };
  const { TF_CLI_CONFIG_FILE: _dangling, ...rest } = env;
  const mirror = findAwsProviderMirror(options.mirrors ?? defaultMirrorCandidates(), exists);
  if (mirror === undefined) return { env: rest, description: 'providers from the Terraform registry (no provider mirror found on this machine)' };
  mkdirSync(buildDir, { recursive: true });
  const file = join(buildDir, 'cli.tfrc');
  writeFileSync(file, mirrorCliConfig(mirror));
  return { env: { ...rest, TF_CLI_CONFIG_FILE: file }, description: `providers from the mirror ${mirror} (${file})` };
}
