import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { runLocal } from './local-process.js';
import { repoRoot } from './support.js';

describe('npm run local on a command line it cannot run', () => {
  let dir: string;
  beforeAll(() => {
    ensureSynth(repoRoot, 'dev', { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'kit-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the usage with every option for --help, and exits 0', async () => {
    const { code, stdout } = await runLocal(['--help']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run local -- \[options\]/);
    for (const option of ['--images <dir>', '--report <dir>', '--timeout <seconds>', '--stack <name>', '--synth', '--keep', '--visibility-timeout <seconds>', '--target <name>', '--verbose']) {
      expect(stdout).toContain(option);
    }
  });

  // A folder without an image is the same error (ImagesFolderError, exit 2): its message is tested in local-run.test.ts.
  it('fails with 2 on a mistyped --images folder, before starting anything', async () => {
    const missing = await runLocal(['--images', join(dir, 'fotos')]);

    expect([missing.code, missing.stderr.trim()]).toEqual([2, `--images ${join(dir, 'fotos')}: no such folder`]);
  });

  it('names the stacks there are for an unknown --stack, and an unknown option with the usage', async () => {
    const [stack, option] = await Promise.all([runLocal(['--stack', 'nope']), runLocal(['--imgaes', 'photos'])]);

    expect(stack.code).toBe(2);
    // The examples are stacks too (every folder under examples/ that builds): this one at least.
    expect(stack.stderr.trim()).toMatch(/^--stack nope: there is no such stack; the app synthesizes dev, local, prod \(stacks\/stages\.ts\) and the examples ([a-z-]+, )*outputs-in-uploads-bucket(, [a-z-]+)* \(examples\/<name>\/\)$/);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^Unknown option '--imgaes'.*\n\nusage: npm run local/s);
  });
});
