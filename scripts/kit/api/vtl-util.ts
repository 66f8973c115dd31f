/**
 * `$util` of API Gateway mapping templates. `escapeJavaScript` is Apache Commons Lang's
 * `StringEscapeUtils.escapeJavaScript`, which API Gateway uses: `'` becomes `\'` (not valid in
 * JSON: hence the `.replaceAll("\\'","'")` idiom), `"` `\` `/` are escaped, control characters
 * and everything above U+007F become `\uXXXX` (upper-case hex, one per UTF-16 unit).
 */
export const vtlUtil = {
  escapeJavaScript(value: unknown): string {
    const text = value === null || value === undefined ? '' : String(value);
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const char = text[i]!;
      if (code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
      else if (code < 0x20) out += controlEscapes[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
      else if (char === "'" || char === '"' || char === '\\' || char === '/') out += `\\${char}`;
      else out += char;
    }
    return out;
  },
  parseJson(value: unknown): unknown {
    return JSON.parse(String(value));
  },
  /** Java's URLEncoder (form encoding): space as `+`, only `A-Za-z0-9.-*_` left as they are. */
  urlEncode(value: unknown): string {
    return encodeURIComponent(String(value))
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  },
  urlDecode(value: unknown): string {
    return decodeURIComponent(String(value).replace(/\+/g, ' '));
  },
  base64Encode(value: unknown): string {
    return Buffer.from(String(value), 'utf8').toString('base64');
  },
  base64Decode(value: unknown): string {
    return Buffer.from(String(value), 'base64').toString('utf8');
  },
};

const controlEscapes: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
