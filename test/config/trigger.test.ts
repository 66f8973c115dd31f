import { describe, expect, it } from 'vitest';
import { ConfigError, resolvePipelineConfig, type PipelineConfig } from '../../config/index.js';

function issuesOf(config: unknown): { field: string; message: string }[] {
  try {
    resolvePipelineConfig(config as PipelineConfig);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(({ field, message }) => ({ field, message }));
    throw error;
  }
  return expect.unreachable(`${JSON.stringify(config)} should have been refused`);
}

describe('trigger.via', () => {
  it('is the queue when not given', () => {
    expect(resolvePipelineConfig({ namePrefix: 'imgpipe' }).trigger.via).toBe('queue');
  });

  it('gives direct its own options and defaults', () => {
    expect(resolvePipelineConfig({ namePrefix: 'imgpipe', trigger: { via: 'direct' } }).trigger).toMatchObject({
      via: 'direct',
      prefix: 'images/',
      retryAttempts: 2,
      maxEventAgeSeconds: 21600,
    });
  });

  it('gives eventbridge its options, with the Task timeout derived from the function timeout', () => {
    const trigger = resolvePipelineConfig({ namePrefix: 'imgpipe', processFunction: { timeoutSeconds: 120 }, trigger: { via: 'eventbridge', taskRetries: 1 } }).trigger;
    expect(trigger).toMatchObject({ via: 'eventbridge', retryAttempts: 185, maxEventAgeSeconds: 86400, taskRetries: 1, taskTimeoutSeconds: 130, executionsApi: true });
  });

  it('refuses an option of another trigger, naming the field and the trigger it belongs to', () => {
    expect(issuesOf({ namePrefix: 'imgpipe', trigger: { via: 'direct', batchSize: 5 } })).toEqual([
      { field: 'trigger.batchSize', message: `belongs to trigger.via "queue", not "direct" (got 5)` },
    ]);
    expect(issuesOf({ namePrefix: 'imgpipe', trigger: { retryAttempts: 1 } })).toEqual([
      { field: 'trigger.retryAttempts', message: `belongs to trigger.via "direct" or "eventbridge", not "queue" (got 1)` },
    ]);
    expect(issuesOf({ namePrefix: 'imgpipe', trigger: { via: 'direct', executionsApi: false } })[0]?.field).toBe('trigger.executionsApi');
  });

  it('refuses an unknown path, listing the three', () => {
    expect(issuesOf({ namePrefix: 'imgpipe', trigger: { via: 'sns' } })).toEqual([
      { field: 'trigger.via', message: 'must be one of queue, direct, eventbridge, got "sns"' },
    ]);
  });

  it('checks each option against its own bounds', () => {
    expect(issuesOf({ namePrefix: 'imgpipe', trigger: { via: 'direct', retryAttempts: 3 } })).toEqual([
      { field: 'trigger.retryAttempts', message: 'must be an integer from 0 to 2, got 3' },
    ]);
    expect(issuesOf({ namePrefix: 'imgpipe', trigger: { via: 'eventbridge', maxEventAgeSeconds: 30 } })[0]?.field).toBe('trigger.maxEventAgeSeconds');
  });

  it('is checked by the compiler too: an option of another trigger does not type-check', () => {
    // @ts-expect-error batchSize belongs to the queue trigger
    const config: PipelineConfig = { namePrefix: 'imgpipe', trigger: { via: 'direct', batchSize: 5 } };
    expect(config.namePrefix).toBe('imgpipe');
  });

  describe('the recursion guard covers every trigger', () => {
    it.each(['queue', 'direct', 'eventbridge'] as const)('%s: outputs in the uploads bucket that match the filter fail synthesis', (via) => {
      const issues = issuesOf({ namePrefix: 'imgpipe', trigger: { via }, output: { sameBucketAsUploads: true, prefix: 'images/thumbs/' } });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ field: 'output.prefix' });
      expect(issues[0]?.message).toContain('every output would trigger processing again');
    });

    it.each(['queue', 'direct', 'eventbridge'] as const)('%s: outputs under another prefix of the same bucket are allowed', (via) => {
      expect(resolvePipelineConfig({ namePrefix: 'imgpipe', trigger: { via }, output: { sameBucketAsUploads: true, prefix: 'resized/' } }).trigger.via).toBe(via);
    });
  });
});
