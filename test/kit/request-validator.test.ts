import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from '../../scripts/kit/start-kit.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import { repoRoot } from './support.js';

describe('the upload method\'s request validator, as API Gateway applies it', () => {
  let kit: Kit;
  beforeAll(async () => {
    ensureSynth(repoRoot, 'dev', { quiet: true });
    kit = await startKit({ stack: 'dev', repoRoot, prewarm: false, faultLog: 'silent' });
  });
  afterAll(() => kit?.stop());

  it('refuses an upload without Content-Type with a 400 naming the header, without invoking the function', async () => {
    const invoked: string[] = [];
    kit.runner.on('invocationStart', ({ functionName, trigger }) => trigger === 'api' && invoked.push(functionName));
    const png = await readFile(join(repoRoot, 'fixtures', 'images', 'pixel-1x1.png'));
    const reply = await fetch(kit.uploadUrl!, { method: 'POST', headers: { 'x-api-key': kit.apiKey! }, body: png });
    expect(reply.status).toBe(400);
    expect(await reply.text()).toContain('Missing required request parameters: [Content-Type]');
    expect(invoked).toEqual([]);
  });

  it('lets the same request through with a Content-Type', async () => {
    const invoked: string[] = [];
    kit.runner.on('invocationStart', ({ functionName, trigger }) => trigger === 'api' && invoked.push(functionName));
    const png = await readFile(join(repoRoot, 'fixtures', 'images', 'pixel-1x1.png'));
    const reply = await fetch(kit.uploadUrl!, { method: 'POST', headers: { 'x-api-key': kit.apiKey!, 'Content-Type': 'image/png' }, body: png });
    expect(reply.status).toBe(201);
    expect(invoked).toEqual(['imgpipe-dev-upload']);
  });
});
