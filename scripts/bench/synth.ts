/**
 * `npm run synth` as a developer meets it, in a scratch copy of the working tree (the repository's
 * own cdktf.out/ and zips are left alone): first, with no cdktf.out/, no zips and tsx's compile
 * cache off, as after a fresh clone; then again with both in place. The sharp tarballs the process
 * zip carries are downloaded once per machine (.build/cache) and are copied in, so a network fetch
 * is not timed.
 */
import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packCacheDir, repoRoot } from '../packaging/paths.js';
import { median } from './stats.js';
import { benchTable } from './table.js';
import { checkTarget } from './targets.js';
import type { BenchPart } from './types.js';

const execFile = promisify(execFileCallback);
const rounds = 3;

interface Timed {
  readonly wallMs: number;
  /** CPU of the whole process tree (npm, tsx, esbuild), from the kernel's child accounting. */
  readonly cpuMs: number;
}

/** A copy of the working tree's files (tracked and new, not ignored) with node_modules linked in. */
async function scratchCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-synth-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter((f) => f !== '');
  for (const file of files) {
    if (!existsSync(path.join(repoRoot, file))) continue;
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await cp(path.join(repoRoot, file), path.join(dir, file));
  }
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  if (existsSync(packCacheDir)) await cp(packCacheDir, path.join(dir, '.build', 'cache'), { recursive: true });
  return dir;
}

/** One `npm run synth` in `dir`, timed from outside; the CPU is read from /usr/bin/time's line. */
async function synth(dir: string, env: Record<string, string>): Promise<Timed> {
  const started = performance.now();
  const { stderr } = await execFile('/usr/bin/time', ['-f', 'cpu %U %S', 'npm', 'run', '-s', 'synth'], { cwd: dir, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const [user, system] = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr)!.slice(1).map(Number) as [number, number];
  return { wallMs, cpuMs: (user + system) * 1000 };
}

async function run(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('the synth bench reads CPU time from /usr/bin/time (apt-get install time)');
  const dir = await scratchCopy();
  try {
    const first: Timed[] = [];
    const again: Timed[] = [];
    for (let round = 0; round < rounds; round++) {
      await rm(path.join(dir, 'cdktf.out'), { recursive: true, force: true });
      await rm(path.join(dir, '.build', 'dist'), { recursive: true, force: true });
      first.push(await synth(dir, { TSX_DISABLE_CACHE: '1' }));
      again.push(await synth(dir, {}));
    }
    console.log(`a scratch copy of the working tree; medians of ${rounds} rounds; ${os.availableParallelism()} CPUs, load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
    const table = benchTable(['npm run synth (every stack)', 'wall', 'CPU', 'target']);
    const firstWall = median(first.map((t) => t.wallMs));
    const s = (msValue: number): string => `${(msValue / 1000).toFixed(2)} s`;
    table.push(['first: no cdktf.out, no zips, no tsx cache', s(firstWall), s(median(first.map((t) => t.cpuMs))), checkTarget('first npm run synth', firstWall / 1000, { below: 5 }, (n) => `${n.toFixed(2)} s`).cell]);
    table.push(['again: nothing changed', s(median(again.map((t) => t.wallMs))), s(median(again.map((t) => t.cpuMs))), '']);
    console.log(table.toString());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const synthBench: BenchPart = {
  name: 'synth',
  description: 'npm run synth: the first one after a clone (no cdktf.out, no zips, no tsx cache) and a repeat, in a scratch copy',
  run,
};
