import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, unbundledImports } from '../../scripts/packaging/bundle.js';
import { functionNames, packageFunctions, type PackagedFunctions } from '../../scripts/packaging/index.js';
import { extractZipEntry, zipEntries } from '../support/zip.js';

let scratch: string;
let first: PackagedFunctions;
let second: PackagedFunctions;
let processNames: string[];
let uploadNames: string[];
let notifyNames: string[];

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pipeline-zip-contents-'));
  // Two separate output folders: the second build cannot reuse the first's zips.
  first = await packageFunctions({ architecture: 'arm64', outDir: join(scratch, 'a') });
  second = await packageFunctions({ architecture: 'arm64', outDir: join(scratch, 'b') });
  processNames = (await zipEntries(first.process)).map((e) => e.name);
  uploadNames = (await zipEntries(first.upload)).map((e) => e.name);
  notifyNames = (await zipEntries(first.notify)).map((e) => e.name);
});

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('the arm64 zips', () => {
  it('are named <function>-<architecture>.zip', () => {
    expect(first.process).toBe(join(scratch, 'a', 'process-arm64.zip'));
    expect(first.upload).toBe(join(scratch, 'a', 'upload-arm64.zip'));
    expect(first.notify).toBe(join(scratch, 'a', 'notify-arm64.zip'));
  });

  it('process carries sharp, its dependencies and the arm64 Linux binaries', () => {
    for (const dir of ['sharp', '@img/colour', 'detect-libc', 'semver', '@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64']) {
      expect(processNames.some((name) => name.startsWith(`node_modules/${dir}/`)), dir).toBe(true);
    }
    expect(processNames).toContain('node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node');
    expect(processNames.some((name) => /^node_modules\/@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so/.test(name))).toBe(true);
  });

  it('process carries no binaries for another CPU or libc', () => {
    expect(processNames.filter((name) => /x64|musl|darwin|win32|wasm/.test(name))).toEqual([]);
    expect(processNames.filter((name) => name.endsWith('.node'))).toEqual(['node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node']);
  });

  it('upload and notify carry no sharp and nothing but the bundle', () => {
    expect(uploadNames).toEqual(['index.mjs', 'index.mjs.map']);
    expect(notifyNames).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('all start from index.mjs with sorted entries and fixed permissions', async () => {
    for (const zip of [first.process, first.upload, first.notify]) {
      const entries = await zipEntries(zip);
      const names = entries.map((e) => e.name);
      expect(names).toEqual([...names].sort());
      expect(names[0]).toBe('index.mjs');
      expect(new Set(entries.map((e) => e.mode))).toEqual(new Set([0o644]));
    }
  });

  it('are byte-identical when built twice from the same code', async () => {
    expect(await sha256(second.process)).toBe(await sha256(first.process));
    expect(await sha256(second.upload)).toBe(await sha256(first.upload));
    expect(await sha256(second.notify)).toBe(await sha256(first.notify));
  });
});

describe('the upload bundle', () => {
  it('never imports sharp', async () => {
    const code = (await extractZipEntry(first.upload, 'index.mjs')).toString('utf8');
    expect(code).not.toMatch(/["']sharp["']/);
  });
});

describe('the bundles', () => {
  // The zips carry no node_modules but sharp's: an SDK client, Powertools, yazl or standardwebhooks left out would fail at run time.
  it.each(functionNames)('%s inlines every dependency but sharp (the packager refuses a bundle that would not)', async (name) => {
    const entries = await bundleFunction(name);
    expect(entries.map((entry) => entry.path).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('names what a bundle would load from outside the zip, leaving out Node built-ins and sharp', () => {
    const imports = (...paths: string[]) => paths.map((path) => ({ path, kind: 'import-statement' as const, external: true }));
    const metafile = {
      inputs: {},
      outputs: {
        'index.mjs': { bytes: 1, inputs: {}, exports: [], imports: [...imports('node:fs', 'crypto', 'sharp', 'yazl', '@aws-sdk/client-ssm', 'yazl')] },
      },
    };
    expect(unbundledImports(metafile)).toEqual(['@aws-sdk/client-ssm', 'yazl']);
  });
});
