import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every relative import of the TypeScript files under `folder`, as `file -> top-level folder it reaches`. */
function importsOf(folder: string): { file: string; target: string }[] {
  const files = readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((name) => {
    const file = join(repoRoot, folder, name);
    const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
    return specifiers.map((specifier) => ({
      file: relative(repoRoot, file),
      target: relative(repoRoot, resolve(dirname(file), specifier)).split(/[/\\]/)[0]!,
    }));
  });
}

const reaching = (folder: string, forbidden: readonly string[]) =>
  importsOf(folder)
    .filter(({ target }) => forbidden.includes(target))
    .map(({ file, target }) => `${file} -> ${target}/`);

describe('dependencies point one way: scripts -> stacks -> modules, and config below the pipeline parts', () => {
  it('modules are generic constructs: they import neither the configuration nor the stacks, scripts or functions', () => {
    expect(reaching('modules', ['config', 'stacks', 'scripts', 'functions', 'pipeline.config.js'])).toEqual([]);
  });

  it('stacks use modules and config, and nothing under scripts or functions', () => {
    expect(reaching('stacks', ['scripts', 'functions', 'examples', 'pipeline.config.js'])).toEqual([]);
  });

  it('config depends on nothing of the pipeline', () => {
    expect(reaching('config', ['modules', 'stacks', 'scripts', 'functions', 'examples', 'pipeline.config.js'])).toEqual([]);
  });

  it('the import scan sees the imports there are', () => {
    expect(importsOf('stacks').map(({ target }) => target)).toEqual(expect.arrayContaining(['modules', 'config']));
  });
});
