import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processFunctionEnvironment } from '../../config/function-env.js';
import { bundleFunction } from '../../scripts/packaging/bundle.js';
import { buildDir } from '../../scripts/packaging/paths.js';
import { goldenSpec } from '../../scripts/golden/corpus.js';

const run = promisify(execFile);

// Under .build/ so that the bundle's one external import, sharp, resolves from the repository's node_modules.
let dir: string;

beforeAll(async () => {
  await mkdir(buildDir, { recursive: true });
  dir = await mkdtemp(join(buildDir, 'bundle-init-'));
  for (const entry of await bundleFunction('process')) await writeFile(join(dir, entry.path), entry.data);
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Imports the bundled handler in a fresh Node, as a cold start does, runs `body`, and returns what it printed. */
async function inFreshNode(body: string): Promise<string> {
  const env = processFunctionEnvironment({ outputBucket: 'outputs', outputPrefix: '', triggerPrefix: 'images/', processing: goldenSpec('default') }, 'imgpipe-dev-process');
  const script = `const loaded = new Set(process.moduleLoadList); const { handler } = await import('./index.mjs'); ${body}`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', ...env },
  });
  return stdout.trim();
}

describe('the process bundle at a cold start', () => {
  it("does not load undici: node:http comes through require(), not Node's ES-module view of it", async () => {
    const added = JSON.parse(await inFreshNode('console.log(JSON.stringify(process.moduleLoadList.filter((m) => !loaded.has(m))));')) as string[];
    expect(added.filter((name) => /undici/.test(name))).toEqual([]);
    // The view is what loads undici: a plain `import('node:http')` in the same Node does.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "await import('node:http'); console.log(process.moduleLoadList.some((m) => /undici/.test(m)));"]);
    expect(stdout.trim()).toBe('true');
  });

  it('describes a malformed event in English, the one zod locale the bundle keeps', async () => {
    const reply = await inFreshNode(`
      try { await handler({ bucket: 42, key: 'images/a.jpg' }, { getRemainingTimeInMillis: () => 60000 }); console.log('no error'); }
      catch (error) { console.log(error.message); }`);
    expect(reply).toMatch(/bucket: Invalid input: expected string, received number/);
  });
});
