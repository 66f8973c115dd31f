import { describe, expect, it } from 'vitest';
import { ConfigError, resolvePipelineConfig, type PipelineConfig } from '../../config/index.js';

const fieldOfFailure = (config: PipelineConfig): string => {
  try {
    resolvePipelineConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.field;
    throw error;
  }
  return expect.unreachable('should have been refused');
};

describe('trigger suffixes and camera file names', () => {
  it('watches the upper-case forms cameras write by default', () => {
    expect(resolvePipelineConfig({ namePrefix: 'imgpipe' }).trigger.suffixes).toEqual([
      '.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif',
      '.JPG', '.JPEG', '.PNG', '.WEBP', '.GIF', '.TIF', '.TIFF', '.AVIF',
    ]);
  });

  it('accepts upper-case suffixes beside their lower-case forms', () => {
    expect(resolvePipelineConfig({ namePrefix: 'imgpipe', trigger: { suffixes: ['.jpg', '.JPG', '.png'] } }).trigger.suffixes).toEqual(['.jpg', '.JPG', '.png']);
  });

  it('refuses an upper-case suffix alone: the upload API writes lower-case extensions, which it would never see', () => {
    expect(fieldOfFailure({ namePrefix: 'imgpipe', trigger: { suffixes: ['.png', '.JPG'] } })).toBe('trigger.suffixes[1]');
    expect(() => resolvePipelineConfig({ namePrefix: 'imgpipe', trigger: { suffixes: ['.JPG'] } })).toThrow(
      'trigger.suffixes[0] needs its lower-case form ".jpg" in the list as well (the upload API writes lower-case extensions), got ".JPG" alone',
    );
  });

  it('refuses a repeated suffix, naming the repeat', () => {
    expect(fieldOfFailure({ namePrefix: 'imgpipe', trigger: { suffixes: ['.jpg', '.JPG', '.jpg'] } })).toBe('trigger.suffixes[2]');
  });

  it('still refuses what is not an extension', () => {
    expect(fieldOfFailure({ namePrefix: 'imgpipe', trigger: { suffixes: ['.jpg', 'JPG'] } })).toBe('trigger.suffixes[1]');
    expect(fieldOfFailure({ namePrefix: 'imgpipe', trigger: { suffixes: [] } })).toBe('trigger.suffixes');
  });

  describe('the recursion guard, with upper-case suffixes (S3 compares case-sensitively)', () => {
    const jpegUnderImages = { variants: [{ name: 'small', width: 100, formats: ['jpeg' as const] }], keyTemplate: '{name}-{variant}.{ext}' };

    it('refuses JPEG outputs under the trigger prefix when .jpg (and .JPG) are watched', () => {
      expect(
        fieldOfFailure({ namePrefix: 'imgpipe', trigger: { suffixes: ['.jpg', '.JPG'] }, output: { sameBucketAsUploads: true, prefix: 'images/out/' }, processing: jpegUnderImages }),
      ).toBe('output.prefix');
    });

    it('accepts them when only PNG is watched, in either case: the outputs end in .jpg', () => {
      const resolved = resolvePipelineConfig({
        namePrefix: 'imgpipe',
        trigger: { suffixes: ['.png', '.PNG'] },
        output: { sameBucketAsUploads: true, prefix: 'images/out/' },
        processing: jpegUnderImages,
      });
      expect(resolved.output.prefix).toBe('images/out/');
    });
  });
});
