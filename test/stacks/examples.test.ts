import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../stacks/app.js';
import { loadExample } from '../../stacks/example-stacks.js';
import { dummyZips, onlyResource, resourcesOf, statementWithSid, type TerraformJson } from '../modules/terraform-json.js';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

describe('example: outputs in the uploads bucket', async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'pipeline-example-'));
  createApp({
    stages: [await loadExample(examplesDir, 'outputs-in-uploads-bucket')],
    zips: { x86_64: dummyZips('x86_64') },
    outdir,
  }).synth();
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'outputs-in-uploads-bucket', 'cdk.tf.json'), 'utf8')) as TerraformJson;

  it('synthesizes one bucket that both receives uploads and holds outputs', () => {
    const [bucketId] = Object.keys(resourcesOf(json, 'aws_s3_bucket'));
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket'))).toHaveLength(1);
    const processFn = Object.values(resourcesOf(json, 'aws_lambda_function')).find((f) => f.tags['pipeline:function'] === 'process');
    expect(processFn?.environment.variables.OUTPUT_BUCKET).toBe(`\${aws_s3_bucket.${bucketId}.bucket}`);
    expect(processFn?.architectures).toEqual(['x86_64']);
  });

  it('lets the process function write under resized/ only, never under the trigger prefix', () => {
    const [bucketId] = Object.keys(resourcesOf(json, 'aws_s3_bucket'));
    const processPolicy = Object.values(resourcesOf(json, 'aws_iam_role_policy')).find((p) => String(p.name).endsWith('-process-policy'));
    expect(statementWithSid(processPolicy?.policy, 'WriteOutputs').Resource).toEqual([`\${aws_s3_bucket.${bucketId}.arn}/resized/*`]);
  });

  it('watches only the configured suffixes and signs uploads with IAM', () => {
    expect((onlyResource(json, 'aws_s3_bucket_notification').queue as { filter_suffix: string }[]).map((q) => q.filter_suffix)).toEqual(['.jpg', '.jpeg', '.png']);
    expect(onlyResource(json, 'aws_api_gateway_method').authorization).toBe('AWS_IAM');
    // Every image type the upload function recognises arrives intact, so a WebP is refused with a 415 naming it.
    expect(onlyResource(json, 'aws_api_gateway_rest_api').binary_media_types).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif', 'application/octet-stream', 'multipart/form-data']);
  });

  it('names its resources after the dev stage, under the stack named after its folder', () => {
    expect(onlyResource(json, 'aws_s3_bucket').bucket).toMatch(/^imgpipe-onebucket-dev-uploads-/);
    expect(onlyResource(json, 'aws_api_gateway_stage').stage_name).toBe('dev');
  });

  it('keeps its state beside the example, apart from the main stacks', () => {
    const statePath = resolve(outdir, 'stacks', 'outputs-in-uploads-bucket', json.terraform?.backend?.local?.path as string);
    expect(statePath).toBe(resolve(examplesDir, 'outputs-in-uploads-bucket', 'terraform.outputs-in-uploads-bucket.tfstate'));
  });
});
