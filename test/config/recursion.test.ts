import { describe, expect, it } from 'vitest';
import { outputCanMatchTrigger } from '../../config/index.js';

const trigger = { prefix: 'images/', suffixes: ['.jpg', '.png'] };

describe('outputCanMatchTrigger', () => {
  it('detects outputs written under the trigger prefix with a triggering extension', () => {
    expect(outputCanMatchTrigger(trigger, { prefix: 'images/out/', keyTemplate: '{name}.{ext}', formats: ['jpeg'] })).toBe(true);
  });

  it('detects a template whose free-text head can reach the trigger prefix', () => {
    expect(outputCanMatchTrigger(trigger, { prefix: '', keyTemplate: '{dir}{name}.{ext}', formats: ['png'] })).toBe(true);
  });

  it('allows outputs under the trigger prefix in a format the trigger does not accept', () => {
    expect(outputCanMatchTrigger(trigger, { prefix: 'images/out/', keyTemplate: '{name}.{ext}', formats: ['webp'] })).toBe(false);
  });

  it('allows outputs under a disjoint prefix', () => {
    expect(outputCanMatchTrigger(trigger, { prefix: 'resized/', keyTemplate: '{dir}{name}.{ext}', formats: ['jpeg', 'png'] })).toBe(false);
  });

  it('treats a template ending in a free token as able to end in any suffix', () => {
    expect(outputCanMatchTrigger(trigger, { prefix: 'images/', keyTemplate: '{name}-{variant}', formats: ['jpeg'] })).toBe(true);
  });
});
