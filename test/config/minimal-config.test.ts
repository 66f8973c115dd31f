import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resolvePipelineConfig } from '../../config/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const configFile = join(repoRoot, 'pipeline.config.ts');

/** The first TypeScript block of the README's Configuration section: the configuration a newcomer copies. */
function readmeMinimalConfig(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README: no ```ts block under ## Configuration');
  return block;
}

/** Type errors per file of a program made of these virtual files beside pipeline.config.ts (and what they import). */
function typeErrorsOf(files: Readonly<Record<string, string>>): Record<string, string[]> {
  const { config } = ts.readConfigFile(join(repoRoot, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const paths = Object.fromEntries(Object.entries(files).map(([name, text]) => [join(repoRoot, name), text]));
  host.getSourceFile = (file, language, ...rest) => {
    const text = paths[file];
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  // One program for all the files: most of the time goes to loading zod's and Node's declarations.
  const program = ts.createProgram(Object.keys(paths), options, host);
  const errors: Record<string, string[]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const name = diagnostic.file === undefined ? '(global)' : relative(repoRoot, diagnostic.file.fileName);
    (errors[name] ??= []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  return errors;
}

/** `export const pipelineConfig: PipelineConfig = ...`: importers see the declared type, whatever the literal holds. */
const annotatedExport = /export const pipelineConfig: PipelineConfig = /;

describe("the README's minimal configuration", () => {
  const source = readmeMinimalConfig();

  it('is only a namePrefix', () => {
    expect(source).toMatch(/pipelineConfig: PipelineConfig = \{ namePrefix: '[a-z-]+' \};/);
  });

  // Scripts and tests that import the configuration (scripts/package-functions.ts read `architecture`
  // from the literal's narrowed type, and failed with this configuration) see only `PipelineConfig`
  // when both files declare it: `npm run typecheck` then passes with either file once it passes with one.
  it('declares its type as pipeline.config.ts does, so its importers typecheck alike', () => {
    expect(source).toMatch(annotatedExport);
    expect(readFileSync(configFile, 'utf8')).toMatch(annotatedExport);
  });

  it('typechecks in place of pipeline.config.ts, and a misspelled field does not', () => {
    const misspelled = source.replace(/\{ namePrefix: ('[a-z-]+') \}/, "{ namePrefix: $1, archtecture: 'x86_64' }");
    const errors = typeErrorsOf({ 'pipeline.config.ts': source, 'pipeline.config.misspelled.ts': misspelled });
    expect(errors['pipeline.config.ts']).toEqual([]);
    expect(errors['pipeline.config.misspelled.ts']).toEqual([expect.stringMatching(/'archtecture' does not exist in type/)]);
    expect(Object.keys(errors)).toHaveLength(2);
  });

  it('resolves', () => {
    const namePrefix = /namePrefix: '([a-z-]+)'/.exec(source)?.[1] ?? '';
    expect(resolvePipelineConfig({ namePrefix }).architecture).toBe('arm64');
  });
});
