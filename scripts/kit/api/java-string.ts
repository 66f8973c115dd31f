/**
 * Java's String methods for mapping templates: API Gateway renders them with Java's Velocity, so
 * `$s.replaceAll("\\'", "'")` takes a Java regex (`\\'` is a backslash then a quote) and
 * `$s.replace(a, b)` replaces every literal occurrence, where JavaScript's would differ.
 * Java and JavaScript (without the `u` flag) read a plain regex alike, both over UTF-16 units.
 */
export const javaStringMethods: Readonly<Record<string, (self: string, ...args: unknown[]) => unknown>> = {
  replaceAll: (self, regex, replacement) => self.replace(javaRegExp(String(regex), 'g'), javaReplacement(String(replacement))),
  replaceFirst: (self, regex, replacement) => self.replace(javaRegExp(String(regex), ''), javaReplacement(String(replacement))),
  replace: (self, target, replacement) => self.split(String(target)).join(String(replacement)),
  matches: (self, regex) => javaRegExp(`^(?:${String(regex)})$`, '').test(self),
  split: (self, regex) => self.split(javaRegExp(String(regex), '')).filter((part, i, all) => part !== '' || all.slice(i).some((p) => p !== '')),
  length: (self) => self.length,
  isEmpty: (self) => self.length === 0,
  equals: (self, other) => self === other,
  equalsIgnoreCase: (self, other) => typeof other === 'string' && self.toLowerCase() === other.toLowerCase(),
  contains: (self, text) => self.includes(String(text)),
  substring: (self, start, end) => self.substring(Number(start), end === undefined ? undefined : Number(end)),
  toString: (self: string) => self,
};

/** A Java regex as a JavaScript RegExp; `\Q...\E` quoting is translated, possessive and atomic forms are refused. */
export function javaRegExp(source: string, flags: string): RegExp {
  const translated = source.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, quoted: string) => quoted.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  if (/(?<!\\)[*+?}]\+|\(\?>/.test(translated)) throw new Error(`the Java regex ${JSON.stringify(source)} uses possessive or atomic groups, which the local kit cannot translate`);
  return new RegExp(translated, flags);
}

/** Java's replacement syntax (`$1`, `${name}`, `\$` for a literal) as a replacer function. */
function javaReplacement(replacement: string): (match: string, ...rest: unknown[]) => string {
  return (match, ...rest) => {
    const groupsIndex = rest.findIndex((r) => typeof r === 'number');
    const groups = rest.slice(0, groupsIndex) as (string | undefined)[];
    const named = rest[groupsIndex + 2] as Record<string, string | undefined> | undefined;
    let out = '';
    for (let i = 0; i < replacement.length; i++) {
      const char = replacement[i]!;
      if (char === '\\') {
        out += replacement[++i] ?? '';
      } else if (char === '$') {
        const name = /^\{(\w+)\}/.exec(replacement.slice(i + 1));
        if (name) {
          out += named?.[name[1]!] ?? '';
          i += name[0].length;
        } else {
          const digits = /^\d+/.exec(replacement.slice(i + 1))?.[0];
          if (!digits) throw new Error(`illegal group reference in the replacement ${JSON.stringify(replacement)}`);
          out += digits === '0' ? match : (groups[Number(digits) - 1] ?? '');
          i += digits.length;
        }
      } else {
        out += char;
      }
    }
    return out;
  };
}
