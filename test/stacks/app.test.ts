import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineConfig } from '../../pipeline.config.js';
import { createApp } from '../../stacks/app.js';
import { localArchitecture } from '../../stacks/localstack-target.js';
import { architecturesOf, stageDefinitions } from '../../stacks/stages.js';
import { dummyZips, onlyResource, resourcesOf, type TerraformJson } from '../modules/terraform-json.js';

describe('the cdktf app', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'pipeline-synth-'));
  const stages = stageDefinitions(pipelineConfig);
  const zips = dummyZips('arm64');
  const x86Zips = dummyZips('x86_64');
  const allZips = { arm64: zips, x86_64: x86Zips };
  createApp({ stages, zips: allZips, outdir }).synth();
  const stack = (name: string) => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson;

  it('writes cdk.tf.json for dev, prod and local, with the function zips beside them', () => {
    for (const name of ['dev', 'prod', 'local']) {
      const json = stack(name);
      for (const fn of Object.values(resourcesOf(json, 'aws_lambda_function'))) {
        expect(existsSync(join(outdir, 'stacks', name, fn.filename as string)), `${name}: ${fn.filename}`).toBe(true);
      }
    }
  });

  it('packages once per architecture in use: the configured one, and the host\'s for the local stack', () => {
    expect(architecturesOf(stages)).toEqual([...new Set(['arm64', localArchitecture()])]);
  });

  it('builds the local stack for the host, whose emulator runs the functions there, unless LOCAL_STACK_ARCHITECTURE names one', () => {
    expect(localArchitecture({}, 'x64')).toBe('x86_64');
    expect(localArchitecture({}, 'arm64')).toBe('arm64');
    expect(localArchitecture({ LOCAL_STACK_ARCHITECTURE: 'arm64' }, 'x64')).toBe('arm64');
    expect(() => localArchitecture({ LOCAL_STACK_ARCHITECTURE: 'amd64' }, 'x64')).toThrow('LOCAL_STACK_ARCHITECTURE must be arm64 or x86_64, not amd64');
    for (const fn of Object.values(resourcesOf(stack('local'), 'aws_lambda_function'))) expect(fn.architectures).toEqual([localArchitecture()]);
    for (const fn of Object.values(resourcesOf(stack('dev'), 'aws_lambda_function'))) expect(fn.architectures).toEqual(['arm64']);
  });

  it('keeps dev as configured and hardens prod: versioning, a year of logs, more concurrency', () => {
    const dev = stack('dev');
    const prod = stack('prod');
    expect(resourcesOf(dev, 'aws_s3_bucket_versioning')).toEqual({});
    expect(Object.values(resourcesOf(prod, 'aws_s3_bucket_versioning'))).toHaveLength(2);
    expect(Object.values(resourcesOf(dev, 'aws_cloudwatch_log_group')).map((g) => g.retention_in_days)).toEqual([30, 30]);
    expect(Object.values(resourcesOf(prod, 'aws_cloudwatch_log_group')).map((g) => g.retention_in_days)).toEqual([365, 365, 365]);
    expect(onlyResource(dev, 'aws_lambda_event_source_mapping').scaling_config.maximum_concurrency).toBe(10);
    expect(onlyResource(prod, 'aws_lambda_event_source_mapping').scaling_config.maximum_concurrency).toBe(50);
    for (const bucket of Object.values(resourcesOf(prod, 'aws_s3_bucket'))) expect(bucket.force_destroy).toBe(false);
  });

  it('points only the local stack at LocalStack, and lets it be torn down with content', () => {
    expect(stack('dev').provider?.aws?.[0]?.endpoints).toBeUndefined();
    expect(stack('local').provider?.aws?.[0]?.endpoints?.[0]?.s3).toBe('${var.localstack_endpoint}');
    expect(stack('dev').terraform?.required_providers?.aws?.version).not.toBe(stack('local').terraform?.required_providers?.aws?.version);
    for (const bucket of Object.values(resourcesOf(stack('local'), 'aws_s3_bucket'))) expect(bucket.force_destroy).toBe(true);
  });

  it('keeps the local state beside the project, written as a path relative to the stack, not this checkout\'s absolute path', () => {
    const project = mkdtempSync(join(tmpdir(), 'pipeline-project-'));
    createApp({ stages, zips: allZips, outdir: join(project, 'cdktf.out'), stateDir: project }).synth();
    for (const name of ['dev', 'prod', 'local']) {
      const json = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson;
      // terraform runs in cdktf.out/stacks/<stack>: three levels up is the project.
      expect(json.terraform?.backend).toEqual({ local: { path: `../../../terraform.${name}.tfstate` } });
    }
  });

  it('by default keeps the state in the working directory, wherever the stacks are written', () => {
    for (const name of ['dev', 'prod', 'local']) {
      const path = stack(name).terraform?.backend?.local?.path as string;
      expect(isAbsolute(path), path).toBe(false);
      expect(resolve(outdir, 'stacks', name, path)).toBe(resolve(`terraform.${name}.tfstate`));
    }
  });

  it('refuses to build a stack without zips for its architecture', () => {
    expect(() => createApp({ stages, zips: {}, outdir })).toThrow(/No function zips for architecture arm64 \(stage dev\)/);
  });
});
