import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { resolvePipelineConfig } from '../../config/resolve.js';
import { outputKeyHead } from '../../stacks/pipeline-stack.js';
import { exampleFolders, exampleStacks, loadExample } from '../../stacks/example-stacks.js';
import { synthesizedStackNames } from '../../scripts/kit/run/stack-names.js';
import { ensureSynth } from '../../scripts/kit/terraform/ensure-synth.js';
import type { TerraformJson } from '../modules/terraform-json.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const examplesDir = join(repoRoot, 'examples');

describe('every example is a stack named after its folder', () => {
  it('npm run synth writes cdktf.out/stacks/<folder>/cdk.tf.json beside dev, prod and local', () => {
    ensureSynth(repoRoot, 'outputs-in-uploads-bucket', { quiet: true });
    const synthesized = synthesizedStackNames(repoRoot) ?? [];
    expect(synthesized).toEqual(expect.arrayContaining(['dev', 'prod', 'local', 'direct', 'outputs-in-uploads-bucket', 'state-machine']));
    for (const folder of synthesized.filter((name) => exampleFolders(examplesDir).includes(name))) {
      const json = JSON.parse(readFileSync(join(repoRoot, 'cdktf.out', 'stacks', folder, 'cdk.tf.json'), 'utf8')) as TerraformJson;
      // Its state stays in its folder, never at the project root with the main stacks'.
      expect(resolve(repoRoot, 'cdktf.out', 'stacks', folder, json.terraform?.backend?.local?.path as string)).toBe(join(examplesDir, folder, `terraform.${folder}.tfstate`));
    }
  });

  it('makes every example folder a stack, the direct and state-machine ones included', async () => {
    const synthesized = (await exampleStacks(examplesDir)).map((definition) => definition.stack);
    expect(synthesized.sort()).toEqual(exampleFolders(examplesDir).sort());
    expect(synthesized).toEqual(expect.arrayContaining(['direct', 'outputs-in-uploads-bucket', 'state-machine']));
  });

  it('configures the two new examples as their READMEs say', async () => {
    const direct = resolvePipelineConfig((await loadExample(examplesDir, 'direct')).config);
    expect([direct.trigger.via, direct.trigger.prefix, direct.output.sameBucketAsUploads]).toEqual(['direct', 'images/', false]);
    expect(direct.processing).toEqual(resolvePipelineConfig({ namePrefix: 'reference', processing: 'default' }).processing);

    const stateMachine = resolvePipelineConfig((await loadExample(examplesDir, 'state-machine')).config);
    expect(stateMachine.trigger).toMatchObject({ via: 'eventbridge', prefix: 'images/', executionsApi: true });
    expect([stateMachine.output.sameBucketAsUploads, stateMachine.architecture]).toEqual([false, 'x86_64']);
    // 500 px JPEGs under output/ once: from the preset's key template, with no output prefix on top.
    expect(outputKeyHead(stateMachine)).toBe('output/');
    expect(stateMachine.processing).toEqual(resolvePipelineConfig({ namePrefix: 'reference', processing: 'seed-width500' }).processing);
  });
});

describe('an example folder that is not one', () => {
  const folderWith = (source: string | undefined): string => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-examples-'));
    mkdirSync(join(dir, 'mine'));
    if (source !== undefined) writeFileSync(join(dir, 'mine', 'pipeline.config.ts'), source);
    return dir;
  };

  it('fails synthesis naming its missing pipeline.config.ts, rather than dropping out of the stacks', async () => {
    await expect(exampleStacks(folderWith(undefined))).rejects.toThrow(new ConfigError([{ field: 'examples/mine/pipeline.config.ts', message: 'is missing: every folder under examples/ is an example and needs one' }]));
  });

  it('names the example file and the field of a configuration mistake', async () => {
    const dir = folderWith(`export const pipelineConfig = { namePrefix: 'mine', trigger: { via: 'direct', batchSize: 5 } };\n`);
    const error = await exampleStacks(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^Invalid pipeline configuration: examples\/mine\/pipeline\.config\.ts: trigger\.batchSize belongs to trigger\.via "queue", not "direct"/);
  });

  it('refuses a stage the stacks do not know', async () => {
    const dir = folderWith(`export const pipelineConfig = { namePrefix: 'mine' };\nexport const stage = 'staging';\n`);
    await expect(exampleStacks(dir)).rejects.toThrow(/examples\/mine\/pipeline\.config\.ts exports stage "staging"; one of dev, prod, local/);
  });
});
