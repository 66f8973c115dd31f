import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { KitError } from '../errors.js';

/** Who holds a lock: written into it right after it is taken. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Epoch ms when it was taken. */
  readonly since: number;
  /** Tells this holding apart from a later one by the same process. */
  readonly token: string;
}

export interface SynthLockOptions {
  /** Give up waiting after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (a synthesis takes seconds). @default 600000 */
  readonly maxAgeMs?: number;
  /** A lock whose owner file is still missing after this long was left by a holder killed while taking it. @default 5000 */
  readonly ownerGraceMs?: number;
  /** How long to wait between tries. @default 100 */
  readonly pollMs?: number;
  /** Told why, when a stale lock is taken over. @default nothing */
  readonly onStale?: (reason: string) => void;
}

const ownerFile = (lock: string): string => join(lock, 'owner.json');

/** Blocks this thread for `ms` (the lock is synchronous, like the synthesis it guards). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readOwner(lock: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(ownerFile(lock), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why a held lock (whose owner file read `owner`) is stale, or undefined while its holder may still be working. */
export function staleReason(lock: string, owner: LockOwner | undefined, options: SynthLockOptions = {}, now = Date.now()): string | undefined {
  let created: number;
  try {
    created = statSync(lock).mtimeMs;
  } catch {
    return undefined; // released meanwhile: the next try takes it
  }
  if (!owner) return now - created > (options.ownerGraceMs ?? 5_000) ? 'it has no owner (its holder died while taking it)' : undefined;
  if (owner.host === hostname() && !processAlive(owner.pid)) return `its holder, process ${owner.pid}, is gone`;
  if (now - owner.since > (options.maxAgeMs ?? 600_000)) return `process ${owner.pid} on ${owner.host} has held it for ${Math.round((now - owner.since) / 1000)} s`;
  return undefined;
}

/**
 * Runs `fn` holding a lock: a directory created atomically (mkdir), with an owner file naming the
 * process. A lock left behind by a holder that was killed (its process is gone, or it never wrote
 * its owner file, or it is older than `maxAgeMs`) is taken over instead of waited on; a live holder
 * is waited for until `timeoutMs`, then the error names it.
 */
export function withLock<T>(lock: string, fn: () => T, options: SynthLockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  const token = randomUUID();
  for (;;) {
    try {
      mkdirSync(lock);
      const owner: LockOwner = { pid: process.pid, host: hostname(), since: Date.now(), token };
      writeFileSync(ownerFile(lock), JSON.stringify(owner));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new KitError('Synth', `cannot take the lock ${lock}: ${(error as Error).message}`, { cause: error });
    }
    const held = readOwner(lock);
    const stale = staleReason(lock, held, options);
    // Removed only while it is still the lock judged stale: another waiter may have taken it over meanwhile.
    if (stale !== undefined && readOwner(lock)?.token === held?.token) {
      options.onStale?.(stale);
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      const who = held ? `process ${held.pid} on ${held.host} since ${new Date(held.since).toISOString()}` : 'an unknown process';
      throw new KitError('Synth', `${lock} is still held by ${who} after ${timeoutMs} ms; remove it if no synthesis is running`);
    }
    pause(options.pollMs ?? 100);
  }
  try {
    return fn();
  } finally {
    // Only our own lock: had it been taken over as stale, it is someone else's now.
    if (readOwner(lock)?.token === token) rmSync(lock, { recursive: true, force: true });
  }
}
