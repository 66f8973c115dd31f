import { extensionOf } from '../../config/formats.js';
import type { ResolvedProcessingSpec, ResolvedVariant } from '../../config/resolved.js';
import type { OutputFormat } from '../../config/types.js';
import type { KeyContext } from './types.js';

// C0 and C1 control characters and DEL: invisible in consoles, rejected by some S3 tools.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g;

/** The source key's parts the template uses: folders below the trigger prefix, and base name. */
export interface SourceKeyParts {
  /** Folders below the trigger prefix with a trailing slash, or ''. */
  readonly dir: string;
  /** Base name without its last extension. */
  readonly name: string;
}

function cleanText(text: string): string {
  return text.normalize('NFC').replace(controlCharacters, '');
}

/**
 * Splits a (decoded) source key. A key outside the trigger prefix keeps all of its folders. Empty,
 * `.` and `..` folders are dropped, so `{dir}` never climbs or doubles a slash.
 */
export function sourceKeyParts(sourceKey: string, triggerPrefix: string): SourceKeyParts {
  const key = cleanText(sourceKey);
  const prefix = cleanText(triggerPrefix);
  const relative = prefix !== '' && key.startsWith(prefix) ? key.slice(prefix.length) : key;
  const segments = relative.split('/');
  const base = segments.pop() ?? '';
  const folders = segments.filter((s) => s !== '' && s !== '.' && s !== '..');
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? base.slice(0, dot) : base;
  return { dir: folders.length > 0 ? `${folders.join('/')}/` : '', name: name === '' ? '_' : name };
}

/**
 * Makes a rendered key safe: no control characters, no empty segments (so no leading `/` or `//`),
 * and `.`/`..` segments replaced by `_` so no key can climb out of its prefix.
 */
function safeKey(key: string): string {
  return cleanText(key)
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment === '.' || segment === '..' ? '_' : segment))
    .join('/');
}

/** The key one output is written to: output prefix plus the rendered template. */
export function renderOutputKey(
  parts: SourceKeyParts,
  variant: ResolvedVariant,
  format: OutputFormat,
  keyTemplate: string,
  outputPrefix: string,
): string {
  const tokens: Record<string, string> = {
    dir: parts.dir,
    name: parts.name,
    variant: variant.name,
    width: variant.width === undefined ? 'auto' : String(variant.width),
    height: variant.height === undefined ? 'auto' : String(variant.height),
    ext: extensionOf[format],
  };
  const rendered = keyTemplate.replace(/\{([a-z]+)\}/g, (token, name: string) => tokens[name] ?? token);
  return safeKey(outputPrefix + rendered);
}

/**
 * The keys processImage writes for `sourceKey`, in the order of its outputs: each variant in
 * spec order, each of its formats in order. `{width}`/`{height}` are the variant's box (`auto` when
 * unset), so keys are known before the image is read.
 */
export function outputKeysFor(sourceKey: string, spec: ResolvedProcessingSpec, context: KeyContext): string[] {
  const parts = sourceKeyParts(sourceKey, context.triggerPrefix);
  return spec.variants.flatMap((variant) =>
    variant.formats.map((format) => renderOutputKey(parts, variant, format, spec.keyTemplate, context.outputPrefix)),
  );
}
