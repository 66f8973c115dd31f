import { extensionOf } from './formats.js';
import type { TriggerFilter } from './resolved.js';
import type { OutputFormat } from './types.js';

export interface OutputLocation {
  readonly prefix: string;
  readonly keyTemplate: string;
  readonly formats: readonly OutputFormat[];
}

const tokenPattern = /\{[a-z]+\}/;

/**
 * Whether some key the outputs can be written to also passes the trigger filter, assuming both
 * live in the same bucket. Conservative: token values are treated as arbitrary text. Every trigger
 * filters the same way (S3 notification filters; the EventBridge rule's `prefix` and `suffix`
 * patterns on `detail.object.key`), so one guard covers them all.
 */
export function outputCanMatchTrigger(trigger: TriggerFilter, output: OutputLocation): boolean {
  const head = output.prefix + (output.keyTemplate.split(tokenPattern)[0] ?? '');
  const headIsWholeKey = !tokenPattern.test(output.keyTemplate);
  const prefixOverlaps = headIsWholeKey
    ? head.startsWith(trigger.prefix)
    : head.startsWith(trigger.prefix) || trigger.prefix.startsWith(head);
  if (!prefixOverlaps) return false;
  if (trigger.suffixes.length === 0) return true;

  const tails = outputTails(output);
  if (tails === undefined) return true;
  return trigger.suffixes.some((suffix) =>
    tails.some((tail) => tail.endsWith(suffix) || suffix.endsWith(tail)),
  );
}

/** The literal endings output keys can have, or undefined when a free-text token ends the template. */
function outputTails(output: OutputLocation): string[] | undefined {
  const template = output.keyTemplate;
  if (template.endsWith('{ext}')) {
    const before = template.slice(0, -'{ext}'.length);
    const literal = before.split(tokenPattern).pop() ?? '';
    return output.formats.map((format) => literal + extensionOf[format]);
  }
  const lastToken = template.lastIndexOf('}');
  if (lastToken === -1) return [template];
  const tail = template.slice(lastToken + 1);
  return tail === '' ? undefined : [tail];
}
