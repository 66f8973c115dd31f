import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The stacks the last synthesis wrote, from cdktf's own `cdktf.out/manifest.json`; undefined before any synthesis. */
export function synthesizedStackNames(repoRoot: string): string[] | undefined {
  const manifest = join(repoRoot, 'cdktf.out', 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  try {
    return Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { stacks?: Record<string, unknown> }).stacks ?? {}).sort();
  } catch {
    return undefined;
  }
}

export const unknownStackMessage = (stack: string, names: readonly string[]): string =>
  `--stack ${stack}: there is no such stack; the app synthesizes ${names.join(', ')} (stacks/stages.ts)`;
