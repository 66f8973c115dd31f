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

/** The usage error for a stack the app does not synthesize: the stacks it does, the examples (a folder under examples/) apart. */
export function unknownStackMessage(stack: string, names: readonly string[], repoRoot: string): string {
  const isExample = (name: string): boolean => existsSync(join(repoRoot, 'examples', name));
  const stages = names.filter((name) => !isExample(name));
  const examples = names.filter(isExample);
  const exampleList = examples.length > 0 ? ` and the examples ${examples.join(', ')} (examples/<name>/)` : '';
  return `--stack ${stack}: there is no such stack; the app synthesizes ${stages.join(', ')} (stacks/stages.ts)${exampleList}`;
}
