import { describe, expect, it } from 'vitest';
import { ConfigError, maxPixelsForMemory, maxUploadBytesThroughApi, resolvePipelineConfig, type PipelineConfig } from '../../config/index.js';

describe('resolvePipelineConfig', () => {
  it('applies the documented defaults', () => {
    const resolved = resolvePipelineConfig({ namePrefix: 'imgpipe' });
    expect(resolved.architecture).toBe('arm64');
    expect(resolved.trigger.prefix).toBe('images/');
    expect(resolved.trigger.suffixes).toContain('.jpg');
    expect(resolved.presetName).toBe('default');
    expect(resolved.upload.auth).toBe('apiKey');
  });

  it('derives the visibility timeout as six times the function timeout plus the batching window', () => {
    const resolved = resolvePipelineConfig({
      namePrefix: 'imgpipe',
      processFunction: { timeoutSeconds: 45 },
      trigger: { batchingWindowSeconds: 10, batchSize: 50 },
    });
    expect(resolved.trigger).toMatchObject({ via: 'queue', visibilityTimeoutSeconds: 6 * 45 + 10 });
  });

  it('sizes the pixel limit from the function memory', () => {
    const resolved = resolvePipelineConfig({ namePrefix: 'imgpipe', processFunction: { memoryMb: 1024 } });
    expect(resolved.processing.maxInputPixels).toBe(Math.floor((1024 * 1024 * 1024) / 24));
    expect(maxPixelsForMemory(10240)).toBe(268_402_689);
  });

  const invalid: [PipelineConfig, string][] = [
    [{ namePrefix: 'Bad_Name' }, 'namePrefix'],
    [{ namePrefix: 'ok', architecture: 'sparc' as never }, 'architecture'],
    [{ namePrefix: 'ok', trigger: { batchSize: 11 } }, 'trigger.batchSize'],
    [{ namePrefix: 'ok', trigger: { prefix: 'images' } }, 'trigger.prefix'],
    [{ namePrefix: 'ok', trigger: { suffixes: ['jpg'] } }, 'trigger.suffixes[0]'],
    [{ namePrefix: 'ok', processing: 'nope' }, 'processing'],
    [{ namePrefix: 'ok', processing: { variants: [{ name: 'a', width: 10, formats: ['gif' as never] }] } }, 'processing.variants[0].formats[0]'],
    [{ namePrefix: 'ok', processing: { variants: [{ name: 'a', width: 10, formats: ['png'] }, { name: 'b', width: 20, formats: ['png'] }], keyTemplate: '{name}.{ext}' } }, 'processing.keyTemplate'],
    [{ namePrefix: 'ok', upload: { maxBytes: 20 * 1024 * 1024 } }, 'upload.maxBytes'],
    [{ namePrefix: 'ok', logRetentionDays: 31 }, 'logRetentionDays'],
    [{ namePrefix: 'ok', alarmEmail: 'not-an-address' }, 'alarmEmail'],
  ];
  it.each(invalid)('rejects an invalid value and names the field (%j)', (config, field) => {
    try {
      resolvePipelineConfig(config);
      expect.unreachable('resolvePipelineConfig should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(field);
      expect((error as Error).message).toContain(field);
    }
  });

  it('caps uploads at what fits base64-encoded in a 6 MB Lambda event, and says why', () => {
    expect(resolvePipelineConfig({ namePrefix: 'ok' }).upload.maxBytes).toBe(4 * 1024 * 1024);
    // 4.5 MiB is 6 MiB once base64-encoded: no room left for the rest of the event.
    expect(() => resolvePipelineConfig({ namePrefix: 'ok', upload: { maxBytes: 4.5 * 1024 * 1024 } })).toThrow(/upload\.maxBytes.*6 MB/);
    expect(maxUploadBytesThroughApi * (4 / 3)).toBeLessThan(6_291_456);
    expect(resolvePipelineConfig({ namePrefix: 'ok', upload: { maxBytes: maxUploadBytesThroughApi } }).upload.maxBytes).toBe(maxUploadBytesThroughApi);
  });

  it('refuses outputs in the uploads bucket that would trigger processing again', () => {
    expect(() =>
      resolvePipelineConfig({ namePrefix: 'ok', output: { sameBucketAsUploads: true, prefix: 'images/thumbs/' } }),
    ).toThrow(/trigger processing again/);
    expect(() =>
      resolvePipelineConfig({ namePrefix: 'ok', output: { sameBucketAsUploads: true, prefix: '' } }),
    ).toThrow(ConfigError);
  });

  it('accepts outputs in the uploads bucket under a prefix the trigger cannot match', () => {
    const resolved = resolvePipelineConfig({ namePrefix: 'ok', output: { sameBucketAsUploads: true, prefix: 'thumbnails/' } });
    expect(resolved.output.prefix).toBe('thumbnails/');
  });
});
