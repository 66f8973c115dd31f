import { z } from 'zod';
import { hasRepeats, integer, oneOf, text } from './fields.js';
import { outputFormats } from './formats.js';
import { show } from './issues.js';
import { isPresetName, presetNames } from './presets.js';

const templateTokens = ['dir', 'name', 'variant', 'width', 'height', 'ext'];

/** One output size, written in each of its formats. */
export const variantSchema = z
  .strictObject({
    /** Short name used in output keys, e.g. `thumb`. Lowercase letters, digits and dashes. */
    name: text(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and dashes'),
    /** Target width in pixels (1-16383). At least one of width and height. */
    width: integer(1, 16383).optional(),
    /** Target height in pixels (1-16383). */
    height: integer(1, 16383).optional(),
    /** `inside` fits the box keeping the aspect ratio; `cover` fills it and crops the centre. @default 'inside' */
    fit: oneOf(['inside', 'cover']).default('inside'),
    /** Output formats, one object each. */
    formats: z
      .array(oneOf(outputFormats))
      .min(1, 'must name at least one format')
      .refine((formats) => !hasRepeats(formats), { error: (issue) => `must not repeat a format, got ${show(issue.input)}` }),
    /** Encoder quality 1-100 for JPEG, WebP and AVIF. @default 82 */
    quality: integer(1, 100).default(82),
    /** Allow upscaling inputs smaller than the target. @default false */
    enlarge: z.boolean().default(false),
  })
  .superRefine((variant, ctx) => {
    if (variant.width === undefined && variant.height === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs a width, a height or both, got neither', input: variant });
    } else if (variant.fit === 'cover' && (variant.width === undefined || variant.height === undefined)) {
      const given = variant.width === undefined ? `height ${variant.height}` : `width ${variant.width}`;
      ctx.addIssue({ code: 'custom', path: ['fit'], message: `'cover' needs both width and height, got ${given} only`, input: variant.fit });
    }
  });

type Variant = z.output<typeof variantSchema>;

/** What is wrong with a key template for these variants, or undefined. */
function keyTemplateProblem(template: string, variants: readonly Variant[]): string | undefined {
  const got = `got ${show(template)}`;
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    if (!templateTokens.includes(match[1] ?? '')) {
      return `has an unknown token {${match[1]}} (known: ${templateTokens.map((t) => `{${t}}`).join(' ')}), ${got}`;
    }
  }
  if (template.startsWith('/') || template.includes('//') || template.includes('..')) return `must be a relative key without '//' or '..', ${got}`;
  if (!template.includes('{name}')) return `must contain {name} so outputs of different sources differ, ${got}`;
  const distinctByVariant = ['{variant}', '{width}', '{height}'].some((token) => template.includes(token));
  if (variants.length > 1 && !distinctByVariant) return `must contain {variant} when there is more than one variant, ${got}`;
  if (variants.some((v) => v.formats.length > 1) && !template.includes('{ext}')) return `must contain {ext} when a variant has more than one format, ${got}`;
  return undefined;
}

/** How the processing core turns one source image into its outputs. */
export const processingSpecSchema = z
  .strictObject({
    variants: z
      .array(variantSchema)
      .min(1, 'must hold at least one variant')
      .refine((variants) => !hasRepeats(variants.map((v) => v.name)), {
        error: (issue) => `must have distinct names, got ${show((issue.input as Variant[]).map((v) => v.name))}`,
      }),
    /**
     * Output key template, relative to the output prefix. Tokens: `{dir}` (the source key's folders
     * below the trigger prefix, with a trailing slash, or empty), `{name}` (base name without
     * extension), `{variant}`, `{width}`, `{height}` (the variant's box), `{ext}` (of the format).
     * @default '{dir}{name}/{variant}.{ext}'
     */
    keyTemplate: z.string().default('{dir}{name}/{variant}.{ext}'),
    /** Background that transparency is flattened onto for formats without alpha. @default '#ffffff' */
    background: text(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour').default('#ffffff'),
    /** Keep (and embed) an ICC profile in outputs instead of stripping all metadata. @default false */
    keepIccProfile: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    const problem = keyTemplateProblem(spec.keyTemplate, spec.variants);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['keyTemplate'], message: problem, input: spec.keyTemplate });
  });

const presetName = z.string().refine(isPresetName, {
  error: (issue) => `names no preset, got ${show(issue.input)}; known presets: ${presetNames.join(', ')}`,
});

/** A preset name (config/presets.ts) or an explicit processing spec. */
export const processingSchema = z.union([presetName, processingSpecSchema], {
  error: (issue) => `must be a preset name (${presetNames.join(', ')}) or a processing spec { variants, keyTemplate, background, keepIccProfile }, got ${show(issue.input)}`,
});
