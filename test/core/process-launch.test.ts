import { execFile as execFileCallback } from 'node:child_process';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFile = promisify(execFileCallback);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const launcher = path.join(repoRoot, 'scripts', 'process', 'launch.mjs');
const bundle = path.join(repoRoot, '.build', 'process-cli', 'process.mjs');

describe('npm run process: the launcher', () => {
  it('runs the CLI from its bundle, and a second run reuses the bundle while the sources are unchanged', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'process-launch-'));
    const photo = path.join(repoRoot, 'fixtures', 'images', 'photo-640x480.jpg');
    const run = () => execFile(process.execPath, [launcher, photo, '--out', out, '--preset', 'seed-width500'], { cwd: repoRoot });

    const first = await run();
    expect(first.stdout).toMatch(/^1 of 1 image processed, 0 failed; 1 output, /m);
    expect(await readdir(path.join(out, 'output'))).toEqual(['photo-640x480.jpg']);
    const built = (await stat(bundle)).mtimeMs;

    const second = await run();
    expect(second.stdout).toMatch(/^1 of 1 image processed, 0 failed/m);
    expect((await stat(bundle)).mtimeMs).toBe(built);
  });
});
