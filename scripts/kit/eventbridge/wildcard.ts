import { EventPatternError } from './pattern-error.js';

/**
 * An EventBridge `wildcard` value as a RegExp: `*` matches any run of characters, `\*` is a
 * literal `*` and `\\` a literal `\`. Any other backslash and two `*` in a row are refused, as
 * EventBridge refuses them when the rule is saved.
 */
export function wildcardRegExp(wildcard: string, where: string, flags = ''): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i]!;
    if (char === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') throw new EventPatternError(where, `wildcard ${JSON.stringify(wildcard)}: a backslash may only escape * or \\`);
      source += escapeRegExp(next);
      i++;
    } else if (char === '*') {
      if (wildcard[i + 1] === '*') throw new EventPatternError(where, `wildcard ${JSON.stringify(wildcard)}: consecutive * are not allowed`);
      source += '[\\s\\S]*';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, flags);
}

/** A wildcard value matching exactly `text` (the escaping the contract asks of the Terraform). */
export function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, (c) => `\\${c}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
