import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CorruptImageError, DecodeTooCostlyError, OutOfTimeError } from '../../functions/core/index.js';
import { Deadline } from '../../functions/core/time-limit.js';
import { failure, fixture, run, specOf } from './helpers.js';

const key = 'images/slow.jpg';

describe('Deadline', () => {
  it('gives each pipeline the whole seconds left', () => {
    expect(new Deadline({ ms: 30_000, conclusive: true }, key).seconds()).toBe(29);
  });

  it('turns a sharp timeout into "too costly" when the limit was the image\'s own budget', () => {
    const error = new Deadline({ ms: 30_000, conclusive: true }, key).translate(new Error('timeout: 42% complete'));

    expect(error).toBeInstanceOf(DecodeTooCostlyError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('images/slow.jpg: too costly to decode (stopped after its 30 s time limit at 42% complete)');
  });

  it('turns it into a retryable "out of time" when the limit was only what the invocation had left', () => {
    const error = new Deadline({ ms: 4_500, conclusive: false }, key).translate(new Error('timeout: 7% complete'));

    expect(error).toBeInstanceOf(OutOfTimeError);
    expect(error.code).toBe('OutOfTime');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('images/slow.jpg: the invocation ran out of time (stopped after its 4.5 s of remaining invocation time at 7% complete); it will be retried');
  });

  it('translates any other sharp error through the error table', () => {
    const error = new Deadline({ ms: 30_000, conclusive: true }, key).translate(new Error('VipsJpeg: premature end of JPEG image'));
    expect(error).toBeInstanceOf(CorruptImageError);
  });

  it("stops a real sharp pipeline that runs past its seconds, with sharp's own timeout message", async () => {
    const deadline = new Deadline({ ms: 1_500, conclusive: true }, key);
    const slow = sharp({ create: { width: 4000, height: 4000, channels: 3, background: '#808080' } }).blur(200).raw();

    const error = await slow.timeout({ seconds: deadline.seconds() }).toBuffer().then(
      () => undefined,
      (caught: unknown) => deadline.translate(caught),
    );

    expect(error).toBeInstanceOf(DecodeTooCostlyError);
    expect(error?.message).toMatch(/^images\/slow\.jpg: too costly to decode \(stopped after its 1\.5 s time limit at \d+% complete\)$/);
  });
});

describe('processImage within a time limit', () => {
  const spec = specOf([{ name: 'w', width: 300, formats: ['jpeg'] }]);

  it.each([
    [true, DecodeTooCostlyError, false],
    [false, OutOfTimeError, true],
  ] as const)('with less than a second to decode in (conclusive: %s) fails with %o, retryable: %s', async (conclusive, errorClass, retryable) => {
    const error = await failure(fixture('photo-640x480.jpg'), key, spec, { ms: 900, conclusive });

    expect(error).toBeInstanceOf(errorClass);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain('less than a second of its 0.9 s');
  });

  it("runs by default within the spec's imageTimeLimitSeconds", async () => {
    expect(spec.imageTimeLimitSeconds).toBe(30);
    const result = await run(fixture('photo-640x480.jpg'), spec, key);
    expect(result.outputs).toHaveLength(1);
  });
});
