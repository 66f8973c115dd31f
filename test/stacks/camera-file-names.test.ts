import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { readUploadFunctionEnv } from '../../config/function-env.js';
import { resolvePipelineConfig } from '../../config/resolve.js';
import type { SupportedInputFormat } from '../../functions/core/sniff.js';
import { uploadFormats } from '../../functions/upload/formats.js';
import { uploadKeyFor } from '../../functions/upload/upload-key.js';
import { pipelineFunctionTag } from '../../modules/lambda-function/index.js';
import { PipelineStack } from '../../stacks/pipeline-stack.js';
import { dummyZips, onlyResource, resourcesOf, type TerraformJson } from '../modules/terraform-json.js';

/** The README's minimal configuration, synthesized: the defaults as a user gets them. */
const json = JSON.parse(
  Testing.synth(
    new PipelineStack(Testing.app(), 'dev', {
      stage: 'dev',
      config: resolvePipelineConfig({ namePrefix: 'imgpipe' }),
      zips: dummyZips(),
    }),
  ),
) as TerraformJson;

const filters = onlyResource(json, 'aws_s3_bucket_notification').queue as { filter_prefix: string; filter_suffix: string }[];

/** The notification entries S3 would fire for a new object with this key: prefix and suffix compared case-sensitively, as S3 does. */
const entriesMatching = (key: string) => filters.filter((f) => key.startsWith(f.filter_prefix) && key.endsWith(f.filter_suffix));

describe('camera file names', () => {
  it('processes the upper-case names cameras write when they are put straight into the bucket', () => {
    for (const key of ['images/IMG_0001.JPG', 'images/DCIM/100CANON/IMG_0002.JPEG', 'images/scans/SCAN.TIF', 'images/Screenshot.PNG', 'images/pixel.jpg']) {
      expect(entriesMatching(key), key).toHaveLength(1);
    }
  });

  it('still ignores what is not an image suffix, or not under the trigger prefix', () => {
    expect(entriesMatching('images/IMG_0001.HEIC')).toEqual([]);
    expect(entriesMatching('images/notes.txt')).toEqual([]);
    expect(entriesMatching('IMG_0001.JPG')).toEqual([]);
  });

  it('has one filter per suffix, and both cases of every image suffix', () => {
    const suffixes = filters.map((f) => f.filter_suffix);
    expect(new Set(suffixes).size).toBe(suffixes.length);
    for (const suffix of ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']) {
      expect(suffixes).toContain(suffix);
      expect(suffixes).toContain(suffix.toUpperCase());
    }
  });

  it('gives every key the upload API writes, for camera names of every format, a filter that fires', () => {
    const uploadFn = Object.values(resourcesOf(json, 'aws_lambda_function')).find((f) => f.tags?.[pipelineFunctionTag] === 'upload');
    const env = readUploadFunctionEnv(uploadFn?.environment.variables);
    const names: Record<SupportedInputFormat, string> = {
      jpeg: 'IMG_0001.JPG',
      png: 'Screenshot.PNG',
      webp: 'PHOTO.WEBP',
      gif: 'ANIM.GIF',
      tiff: 'SCAN.TIFF',
      avif: 'IMG_0003.AVIF',
    };
    for (const format of Object.keys(uploadFormats) as SupportedInputFormat[]) {
      const key = uploadKeyFor({ triggerPrefix: env.triggerPrefix, fileName: names[format], format, allowedSuffixes: env.allowedSuffixes, now: new Date(), id: 'id' });
      expect(key, format).toMatch(/\.[a-z]+$/);
      expect(entriesMatching(key), key).toHaveLength(1);
    }
  });

  it('passes each image type through the API as binary once, whatever the case of its suffixes, and single-file forms', () => {
    expect(onlyResource(json, 'aws_api_gateway_rest_api').binary_media_types).toEqual([
      'image/jpeg',
      'image/png',
      'image/webp',
      'image/gif',
      'image/tiff',
      'image/avif',
      'application/octet-stream',
      'multipart/form-data',
    ]);
  });
});
