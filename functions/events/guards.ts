/** Small readers for untrusted JSON: events arrive as `unknown`. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(value: JsonObject, name: string): string | undefined {
  const field = value[name];
  return typeof field === 'string' ? field : undefined;
}

/** A non-negative integer given as a number or a numeric string (input transformers may quote it). */
export function sizeField(value: JsonObject, name: string): number | undefined {
  const field = value[name];
  const size = typeof field === 'string' && field.trim() !== '' ? Number(field) : field;
  return typeof size === 'number' && Number.isInteger(size) && size >= 0 ? size : undefined;
}

export function objectField(value: JsonObject, name: string): JsonObject | undefined {
  const field = value[name];
  return isObject(field) ? field : undefined;
}

/** ETags are delivered with or without surrounding quotes depending on the source. */
export function unquoteETag(eTag: string | undefined): string | undefined {
  return eTag === undefined ? undefined : eTag.replace(/^"(.*)"$/, '$1');
}
