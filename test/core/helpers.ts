import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { defaults, maxPixelsForMemory, resolveProcessingSpec, type ProcessingSpec, type ResolvedProcessingSpec, type VariantSpec } from '../../config/index.js';
import { expect } from 'vitest';
import { ImageProcessingError, processImage, type ProcessResult, type TimeLimit } from '../../functions/core/index.js';

const fixturesDir = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'images');

export const fixture = (name: string): Buffer => readFileSync(path.join(fixturesDir, name));

export const limits = { maxInputPixels: maxPixelsForMemory(defaults.processMemoryMb), maxInputBytes: defaults.maxInputBytes };

/** A resolved spec from variants, through the real config resolver. */
export function specOf(
  variants: VariantSpec[],
  extra: Omit<ProcessingSpec, 'variants'> = {},
  overrideLimits: Partial<typeof limits> = {},
): ResolvedProcessingSpec {
  return resolveProcessingSpec(
    { keyTemplate: '{name}/{variant}.{ext}', ...extra, variants },
    { ...limits, ...overrideLimits },
  );
}

export function run(input: Buffer, spec: ResolvedProcessingSpec, sourceKey = 'images/test.jpg', timeLimit?: TimeLimit): Promise<ProcessResult> {
  return processImage(input, { sourceKey, spec, triggerPrefix: 'images/', outputPrefix: '', ...(timeLimit && { timeLimit }) });
}

/** Runs the core and returns what it threw, failing the test if it produced outputs instead. */
export async function failure(input: Buffer, key: string, spec: ResolvedProcessingSpec, timeLimit?: TimeLimit): Promise<ImageProcessingError> {
  const outcome = await run(input, spec, key, timeLimit).then(
    (result) => ({ outputs: result.outputs.length }),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ImageProcessingError);
  return outcome as ImageProcessingError;
}

export interface Decoded {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

export async function decode(image: Buffer): Promise<Decoded> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Mean colour (all channels) of the size x size square centred on (x, y). */
export function meanAround(image: Decoded, x: number, y: number, size = 5): number[] {
  const sums = new Array<number>(image.channels).fill(0);
  const half = Math.floor(size / 2);
  let n = 0;
  for (let dy = -half; dy <= half; dy++) {
    for (let dx = -half; dx <= half; dx++) {
      const i = ((y + dy) * image.width + (x + dx)) * image.channels;
      for (let c = 0; c < image.channels; c++) sums[c]! += image.data[i + c]!;
      n++;
    }
  }
  return sums.map((s) => Math.round(s / n));
}

/** Largest per-channel difference between two colours (over the channels of `expected`). */
export const colourDistance = (actual: readonly number[], expected: readonly number[]): number =>
  Math.max(...expected.map((v, c) => Math.abs((actual[c] ?? 0) - v)));
