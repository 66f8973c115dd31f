import { describe, expect, it } from 'vitest';
import { defaults, presetNames, resolvePipelineConfig, resolveProcessingSpec } from '../../config/index.js';
import { failureOf } from './failure-of.js';

const line = (field: string, rest: string) => `Invalid pipeline configuration: ${field} ${rest}`;

describe('the configuration schema', () => {
  describe('unknown fields, which used to be ignored silently', () => {
    it('refuses a misspelled top-level field, echoing its value and listing the fields there are', () => {
      const error = failureOf({ namePrefix: 'imgpipe', archtecture: 'x86_64' });
      expect(error.field).toBe('archtecture');
      expect(error.message).toBe(line('archtecture', 'is not a known field (got "x86_64"); the configuration takes ' +
        'namePrefix, region, architecture, trigger, output, after, processing, processFunction, uploadFunction, deadLetterQueue, upload, ' +
        'maxInputPixels, maxInputBytes, buckets, logRetentionDays, tracing, kms, stateBackend, alarmEmail'));
    });

    it('refuses a misspelled nested field, naming its path', () => {
      const error = failureOf({ namePrefix: 'imgpipe', processFunction: { memorySize: 3008 } });
      expect(error.message).toBe(line('processFunction.memorySize', 'is not a known field (got 3008); processFunction takes memoryMb, timeoutSeconds, maxConcurrency'));
    });

    it('refuses unknown fields inside an explicit processing spec', () => {
      const error = failureOf({ namePrefix: 'imgpipe', processing: { variants: [{ name: 'a', widht: 300, formats: ['webp'] }] } });
      expect(error.field).toBe('processing.variants[0].widht');
      expect(error.message).toContain('(got 300); processing.variants[0] takes name, width, height, fit, formats, quality, enlarge');
    });
  });

  describe('wrong types', () => {
    const cases: [string, unknown, string, string][] = [
      ['a number as text', { processFunction: { memoryMb: '2048' } }, 'processFunction.memoryMb', 'must be a number, got a string ("2048")'],
      ['a boolean as text', { buckets: { versioning: 'true' } }, 'buckets.versioning', 'must be true or false, got a string ("true")'],
      ['one suffix instead of a list', { trigger: { suffixes: '.jpg' } }, 'trigger.suffixes', 'must be a list, got a string (".jpg")'],
      ['a value instead of an object', { deadLetterQueue: 5 }, 'deadLetterQueue', 'must be an object, got a number (5)'],
      ['a preset that is neither a name nor a spec', { processing: 42 }, 'processing', 'must be a preset name'],
      ['text as a number', { alarmEmail: 7 }, 'alarmEmail', 'must be text, got a number (7)'],
    ];
    it.each(cases)('says what the value is: %s', (_, fields, field, message) => {
      const error = failureOf({ namePrefix: 'imgpipe', ...(fields as object) });
      expect(error.field).toBe(field);
      expect(error.message).toContain(line(field, message));
    });

    it('says a required field is missing', () => {
      expect(failureOf({}).message).toBe(line('namePrefix', 'is required'));
    });
  });

  it('echoes the bad value', () => {
    expect(failureOf({ namePrefix: 'ok', trigger: { batchSize: 11 } }).message).toBe(
      line('trigger.batchSize', 'must be an integer from 1 to 10 without a batching window (trigger.batchingWindowSeconds), got 11'),
    );
    expect(failureOf({ namePrefix: 'ok', architecture: 'sparc' }).message).toBe(line('architecture', 'must be one of arm64, x86_64, got "sparc"'));
    expect(failureOf({ namePrefix: 'Bad_Name' }).message).toContain('got "Bad_Name"');
    expect(failureOf({ namePrefix: 'ok', processing: { variants: [{ name: 'a', width: 0, formats: ['png'] }] } }).message).toBe(
      line('processing.variants[0].width', 'must be an integer from 1 to 16383, got 0'),
    );
  });

  it('reports every mistake at once, one line each', () => {
    const error = failureOf({ namePrefix: 'imgpipe', archtecture: 'x86_64', processFunction: { memorySize: 3008, memoryMb: '2048' }, logRetentionDays: 31 });
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['archtecture', 'logRetentionDays', 'processFunction.memoryMb', 'processFunction.memorySize']);
    expect(error.message.split('\n')).toHaveLength(4);
    for (const text of error.message.split('\n')) expect(text).toMatch(/^Invalid pipeline configuration: \S+ /);
  });

  it('applies every default the schema declares to the minimal configuration', () => {
    const resolved = resolvePipelineConfig({ namePrefix: 'imgpipe' });
    expect(resolved.trigger).toEqual({
      via: 'queue',
      prefix: defaults.triggerPrefix,
      suffixes: defaults.triggerSuffixes,
      batchSize: 5,
      batchingWindowSeconds: 0,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 6 * 60,
    });
    expect(resolved.processFunction).toEqual({ memoryMb: 1536, timeoutSeconds: 60, maxConcurrency: 10 });
    expect(resolved.deadLetterQueue).toEqual({ retentionSeconds: 14 * 86400 });
    expect(resolved.upload).toEqual({ maxBytes: 4 * 1024 * 1024, auth: 'apiKey', rateLimit: 20, burstLimit: 40, logging: false, accountLoggingRole: false });
    expect(resolved.buckets).toEqual({ versioning: false, expireUploadsAfterDays: 0, forceDestroy: false, accessLogs: false });
    expect(resolved.logRetentionDays).toBe(30);
    // The hardening options are off outside prod (stacks/stages.ts turns them on there).
    expect(resolved).toMatchObject({ tracing: false, kms: false });
    expect(resolved.stateBackend).toBeUndefined();
    // The upload function may run as many at once as the stage lets requests through.
    expect(resolved.uploadFunction.reservedConcurrency).toBe(40);
    expect(resolved.alarmEmail).toBeUndefined();
  });

  it('derives the image time limit from the process timeout', () => {
    expect(resolvePipelineConfig({ namePrefix: 'imgpipe', processFunction: { timeoutSeconds: 90 } }).processing.imageTimeLimitSeconds).toBe(45);
  });

  it('resolves every preset, with the spec defaults applied', () => {
    for (const name of presetNames) {
      const spec = resolveProcessingSpec(name, { maxInputPixels: 1000, maxInputBytes: 1000 });
      expect(spec.background, name).toBe('#ffffff');
      for (const variant of spec.variants) expect(variant.quality, `${name} ${variant.name}`).toBeGreaterThan(0);
    }
  });

  it('names the caller\'s field when a processing spec given elsewhere is wrong', () => {
    expect(() => resolveProcessingSpec('nope', { maxInputPixels: 1, maxInputBytes: 1 }, '--preset')).toThrow(
      /^Invalid pipeline configuration: --preset names no preset, got "nope"; known presets: default/,
    );
  });
});
