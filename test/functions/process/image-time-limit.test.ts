import { describe, expect, it } from 'vitest';
import { imageTimeLimit } from '../../../functions/process/image-time-limit.js';

describe('imageTimeLimit', () => {
  it("is the image's own budget, conclusive, when the invocation has it to spare after the reserve", () => {
    expect(imageTimeLimit(30, () => 59_000)).toEqual({ ms: 30_000, conclusive: true });
  });

  it('is what the invocation has left after the reserve, not conclusive, when that is less', () => {
    expect(imageTimeLimit(30, () => 20_000)).toEqual({ ms: 15_000, conclusive: false });
    expect(imageTimeLimit(30, () => 2_000)).toEqual({ ms: 0, conclusive: false });
  });

  it('keeps the reserve to half the budget for short functions', () => {
    expect(imageTimeLimit(1, () => 1_600)).toEqual({ ms: 1_000, conclusive: true });
  });

  it('is the budget when there is no invocation clock (the CLI)', () => {
    expect(imageTimeLimit(30)).toEqual({ ms: 30_000, conclusive: true });
  });
});
