import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { spawnLocal, type LocalProcess } from './local-process.js';
import { repoRoot } from './support.js';

const fixtures = join(repoRoot, 'fixtures', 'images');

/** Live processes (zombies are dead) of a process group, from /proc: pid and command line. */
function processesInGroup(pgid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command name in parentheses: state, ppid, pgrp, ...
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) !== pgid || state === 'Z') continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // the process ended while being read
    }
  }
  return found;
}

/** Whether something accepts connections on the URL's port. */
function listening(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `npm run local -- --keep` in its own process group, once it serves: its kit PID, endpoints and hints. */
async function startKeep(images: string, report: string): Promise<{ local: LocalProcess; kitPid: number; endpoint: string; api: string }> {
  const local = spawnLocal(['--keep', '--images', images, '--report', report], { detached: true });
  started.push(local);
  const [, kitPid] = await local.waitForLine(/kit PID (\d+); stop it with Ctrl-C or kill \1/);
  const [, endpoint, api] = await local.waitForLine(/^embedded emulator at (http:\S+), API at (http:\S+),/);
  return { local, kitPid: Number(kitPid), endpoint: endpoint!, api: api! };
}

const started: LocalProcess[] = [];

describe('npm run local -- --keep', () => {
  let dir: string;
  beforeAll(() => {
    ensureSynth(repoRoot, 'dev', { quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'kit-keep-'));
    copyFileSync(join(fixtures, 'pixel-1x1.png'), join(dir, 'dot.png'));
  });
  afterAll(() => {
    // Only if a test failed before its process ended: end that process group (ours, by its id).
    for (const local of started) {
      if (processesInGroup(local.pid).length > 0) process.kill(-local.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends the signal and checks that the whole process group ended and both ports closed. */
  async function expectStopsEverything(keep: Awaited<ReturnType<typeof startKeep>>, signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT', whom: 'kit' | 'npm'): Promise<void> {
    const { local, kitPid, endpoint, api } = keep;
    const before = processesInGroup(local.pid);
    expect(before.filter((p) => p.command.includes('worker-main.ts')).length, 'sandboxes running').toBeGreaterThanOrEqual(1);
    expect(before.map((p) => p.pid)).toContain(kitPid);

    process.kill(whom === 'kit' ? kitPid : local.pid, signal);
    const { code } = await local.closed;

    expect(local.stderr).toContain(`${signal}: stopping the kit and its sandboxes`);
    expect(code).toBe(128 + constants.signals[signal]);
    expect(processesInGroup(local.pid)).toEqual([]);
    expect([await listening(endpoint), await listening(api)]).toEqual([false, false]);
  }

  it.concurrent.each([
    ['SIGTERM', 'kit'],
    ['SIGHUP', 'kit'],
    ['SIGTERM', 'npm'],
  ] as const)('stops everything on %s to the %s PID: no process of its group is left and its ports are closed', { timeout: 90_000 }, async (signal, whom) => {
    await expectStopsEverything(await startKeep(dir, join(dir, `report-${signal}-${whom}`)), signal, whom);
  });

  it.concurrent("logs each upload's fate as it happens (outputs, refused, dead-lettered with the reason, not matched), and stops everything on SIGINT", { timeout: 90_000 }, async () => {
    const keep = await startKeep(dir, join(dir, 'report-fates'));
    const { local, endpoint } = keep;
    const [, uploadUrl, apiKey] = await local.waitForLine(/^upload: +curl -sS -X POST '([^'?]+)\?filename=dot\.png' -H 'x-api-key: ([^']+)'/);
    const [, uploadsBucket] = await local.waitForLine(/^uploads: .* s3 ls s3:\/\/([^/]+)\//);
    const upload = (name: string, file: string) =>
      fetch(`${uploadUrl}?filename=${name}`, { method: 'POST', headers: { 'x-api-key': apiKey!, 'Content-Type': 'image/jpeg' }, body: readFileSync(file) });

    expect((await upload('good.jpg', join(fixtures, 'photo-640x480.jpg'))).status).toBe(201);
    expect((await upload('bad.jpg', join(fixtures, 'hostile', 'truncated.jpg'))).status).toBe(201);
    expect((await upload('text.png', join(fixtures, 'hostile', 'text-named.png'))).status).toBe(415);
    const s3 = new S3Client({ endpoint, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new PutObjectCommand({ Bucket: uploadsBucket, Key: 'notes/readme.txt', Body: 'not under the trigger prefix' }));
    s3.destroy();

    await local.waitForLine(/^\d\d:\d\d:\d\d upload images\/\d{4}\/\d\d\/\d\d\/[0-9a-f-]{36}-good\.jpg: 6 outputs in \d+ ms \(/);
    await local.waitForLine(/^\d\d:\d\d:\d\d upload images\/\S+-bad\.jpg: dead-lettered: CorruptImage: images\/\S+-bad\.jpg: the image data is truncated or corrupt/);
    await local.waitForLine(/^\d\d:\d\d:\d\d upload refused 415: UnsupportedFormat: text\.png: not a supported image/);
    await local.waitForLine(/^\d\d:\d\d:\d\d upload notes\/readme\.txt: not processed: no notification of \S+ matches its key/);

    await expectStopsEverything(keep, 'SIGINT', 'kit');
  });
});
