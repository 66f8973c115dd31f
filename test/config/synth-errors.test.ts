import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the synth entry (what `npm run synth` and the cdktf CLI run) on a configuration module. */
function synth(configSource: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'pipeline-config-')), 'pipeline.config.ts');
  writeFileSync(file, configSource);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/synth.ts', '--config', file], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Concurrent: each case is a child process that mostly waits on its own start-up.
describe.concurrent('npm run synth on a bad configuration', () => {
  it('exits 1 with one line naming the field and echoing the value, no stack trace, nothing built', async ({ expect }) => {
    const result = await synth(`export const pipelineConfig = { namePrefix: 'imgpipe', processFunction: { memoryMb: '2048' } };\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Invalid pipeline configuration: processFunction.memoryMb must be a number, got a string ("2048")\n');
    expect(result.stdout).toBe('');
  });

  it('reports misspelled fields, each on its own line', async ({ expect }) => {
    const result = await synth(`export const pipelineConfig = { namePrefix: 'imgpipe', archtecture: 'x86_64', processFunction: { memorySize: 3008 } };\n`);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^Invalid pipeline configuration: archtecture is not a known field \(got "x86_64"\); the configuration takes namePrefix, region, architecture,/));
    expect(lines).toContainEqual(
      'Invalid pipeline configuration: processFunction.memorySize is not a known field (got 3008); processFunction takes memoryMb, timeoutSeconds, maxConcurrency',
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
