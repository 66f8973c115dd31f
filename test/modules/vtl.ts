import velocity from 'velocityjs';

/**
 * API Gateway's `$util.escapeJavaScript` (Apache commons-lang 2 `StringEscapeUtils.escapeJavaScript`):
 * `'` `"` `\` `/` escaped with a backslash, the usual control escapes, other control characters and
 * everything above U+007F as `\uXXXX` per UTF-16 unit. Returned with Java's regex `replaceAll`.
 */
export function escapeJavaScript(text: string): JavaString {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = text.charCodeAt(i);
    const simple: Record<string, string> = { "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\n': '\\n', '\t': '\\t', '\f': '\\f', '\r': '\\r' };
    if (simple[char] !== undefined) out += simple[char];
    else if (code < 0x20 || code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += char;
  }
  return new JavaString(out);
}

/** A string whose `replaceAll` takes a regular expression, as Java's does (the replacement here is literal text). */
export class JavaString {
  constructor(private readonly value: string) {}
  replaceAll(regex: string, replacement: string): JavaString {
    return new JavaString(this.value.replace(new RegExp(regex, 'g'), () => replacement));
  }
  toString(): string {
    return this.value;
  }
}

/** Renders a request mapping template for a JSON body, with `$input.json(path)` for top-level fields. */
export function renderRequestTemplate(template: string, body: Record<string, unknown>): string {
  const input = {
    json: (path: string) => {
      const field = /^\$\.(\w+)$/.exec(path)?.[1];
      if (field === undefined) throw new Error(`path ${path} not supported here`);
      return JSON.stringify(body[field]);
    },
  };
  return velocity.render(template, { input, util: { escapeJavaScript } });
}
