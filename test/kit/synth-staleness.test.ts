import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestFilePath, isSynthStale, sourcesDigest } from '../../scripts/kit/terraform/ensure-synth.js';

describe('staleness of cdktf.out, judged by the content of what synthesis reads', () => {
  let repo: string;
  const source = (): string => join(repo, 'modules', 'bucket.ts');
  /** What ensureSynth records after a synthesis of these sources. */
  const synthesized = (): void => {
    mkdirSync(join(repo, 'cdktf.out', 'stacks', 'dev'), { recursive: true });
    writeFileSync(join(repo, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), '{"resource": {}}');
    writeFileSync(digestFilePath(repo), `${sourcesDigest(repo)}\n`);
  };

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'kit-digest-'));
    mkdirSync(join(repo, 'modules'));
    writeFileSync(source(), 'export const versioning = false;\n');
    writeFileSync(join(repo, 'pipeline.config.ts'), 'export const pipelineConfig = {};\n');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('is fresh after a synthesis of the same sources, even when a source is touched later', () => {
    synthesized();
    const later = new Date(Date.now() + 60_000);
    utimesSync(source(), later, later);
    expect(isSynthStale(repo, 'dev')).toBe(false);
  });

  it('is stale after an edit, even one whose file carries an older modification time', () => {
    synthesized();
    writeFileSync(source(), 'export const versioning = true;\n');
    const longAgo = new Date('2020-01-01');
    utimesSync(source(), longAgo, longAgo);
    expect(isSynthStale(repo, 'dev')).toBe(true);
  });

  it('is stale when a source is added or removed, and fresh again once the content is back', () => {
    synthesized();
    writeFileSync(join(repo, 'modules', 'queue.ts'), 'export {};\n');
    expect(isSynthStale(repo, 'dev')).toBe(true);
    rmSync(join(repo, 'modules', 'queue.ts'));
    expect(isSynthStale(repo, 'dev')).toBe(false);
  });

  it('is stale when no synthesis recorded its sources (cdktf.out written by other means)', () => {
    synthesized();
    rmSync(digestFilePath(repo));
    expect(isSynthStale(repo, 'dev')).toBe(true);
  });
});
