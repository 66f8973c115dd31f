import type { ProcessingSpec } from './types.js';

/**
 * Named processing presets. The `seed-*` presets reproduce the transforms of the systems this
 * project grew from; `default` is a thumbnail plus two web sizes in WebP and JPEG.
 */
export const presets = {
  default: {
    variants: [
      { name: 'thumb', width: 200, height: 200, fit: 'cover', formats: ['webp', 'jpeg'], quality: 80 },
      { name: 'medium', width: 800, height: 800, fit: 'inside', formats: ['webp', 'jpeg'], quality: 82 },
      { name: 'large', width: 1600, height: 1600, fit: 'inside', formats: ['webp', 'jpeg'], quality: 82 },
    ],
    keyTemplate: '{dir}{name}/{variant}.{ext}',
  },
  'seed-contain400': {
    variants: [{ name: 'contain400', width: 400, height: 400, fit: 'inside', formats: ['png'] }],
    keyTemplate: 'resized/{dir}{name}.{ext}',
  },
  'seed-width500': {
    variants: [{ name: 'width500', width: 500, fit: 'inside', formats: ['jpeg'], quality: 80 }],
    keyTemplate: 'output/{dir}{name}.{ext}',
  },
  'seed-multi': {
    variants: [
      { name: '150', width: 150, height: 150, fit: 'inside', formats: ['jpeg', 'webp'], quality: 85 },
      { name: '600', width: 600, height: 600, fit: 'inside', formats: ['jpeg', 'webp'], quality: 85 },
      { name: '1200', width: 1200, height: 1200, fit: 'inside', formats: ['jpeg', 'webp'], quality: 85 },
    ],
    keyTemplate: '{dir}{name}_{variant}.{ext}',
  },
} as const satisfies Record<string, ProcessingSpec>;

export type PresetName = keyof typeof presets;

export const presetNames = Object.keys(presets) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
