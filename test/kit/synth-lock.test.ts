import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestFilePath, isSynthStale, sourcesDigest } from '../../scripts/kit/terraform/ensure-synth.js';
import { withLock } from '../../scripts/kit/terraform/synth-lock.js';

const lockModule = new URL('../../scripts/kit/terraform/synth-lock.ts', import.meta.url).pathname;

/** Another process that takes the lock and holds it; resolves with the process once it holds it. */
async function holdLockInAnotherProcess(lock: string) {
  const script = `const { withLock } = await import(${JSON.stringify(lockModule)});
withLock(process.env.LOCK, () => { process.stdout.write('locked\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, LOCK: lock }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  expect(line).toBe('locked');
  return child;
}

describe('the synth lock', () => {
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-lock-'));
    lock = join(dir, 'synth.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken over at once when the synthesis holding it was killed', async () => {
    const holder = await holdLockInAnotherProcess(lock);
    const exited = once(holder, 'exit');
    holder.kill('SIGKILL');
    await exited;

    const stale: string[] = [];
    // A timeout far longer than the test: the dead holder must be noticed, not waited out.
    expect(withLock(lock, () => 'synthesized', { timeoutMs: 60_000, onStale: (reason) => stale.push(reason) })).toBe('synthesized');
    expect(stale).toEqual([`its holder, process ${holder.pid}, is gone`]);
    expect(existsSync(lock)).toBe(false);
  });

  it('is waited for while its holder lives, and the error then names the holder', () => {
    withLock(lock, () => {
      expect(() => withLock(lock, () => 'never', { timeoutMs: 300 })).toThrow(new RegExp(`is still held by process ${process.pid} on .* after 300 ms`));
    });
    expect(existsSync(lock)).toBe(false);
  });

  it('is taken over when its holder died before writing down who it is', () => {
    mkdirSync(lock);
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    utimesSync(lock, tenSecondsAgo, tenSecondsAgo);
    const stale: string[] = [];
    expect(withLock(lock, () => 'synthesized', { timeoutMs: 60_000, ownerGraceMs: 5_000, onStale: (reason) => stale.push(reason) })).toBe('synthesized');
    expect(stale).toEqual(['it has no owner (its holder died while taking it)']);
  });
});

describe('a stack file left by a killed synthesis', () => {
  it('counts as stale when it was cut short, and as fresh when it is whole', () => {
    const repo = mkdtempSync(join(tmpdir(), 'kit-stale-'));
    mkdirSync(join(repo, 'cdktf.out', 'stacks', 'dev'), { recursive: true });
    const file = join(repo, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json');
    writeFileSync(digestFilePath(repo), sourcesDigest(repo));
    writeFileSync(file, '{"resource": {"aws_s3_bucket": {');
    expect(isSynthStale(repo, 'dev')).toBe(true);
    writeFileSync(file, '{"resource": {}}');
    expect(isSynthStale(repo, 'dev')).toBe(false);
    rmSync(repo, { recursive: true, force: true });
  });
});
