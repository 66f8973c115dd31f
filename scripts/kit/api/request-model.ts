import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';

// A CommonJS package: its class is the module's `default` export.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validates a request body against a method's model (JSON schema draft 4), as API Gateway's
 * request validator does. Returns undefined when it is valid, else the text API Gateway puts in
 * `$context.error.validationErrorString`: its validator's messages in brackets, e.g.
 * `[object has missing required properties (["key"])]` (the common messages are reproduced; any
 * other keyword gives ajv's own message).
 */
export function requestBodyErrors(schema: unknown, body: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(body) as unknown;
  } catch (error) {
    return `[Invalid JSON: ${(error as Error).message}]`;
  }
  const key = (schema ?? {}) as object;
  const validate = compiled.get(key) ?? ajv.compile(key);
  compiled.set(key, validate);
  if (validate(document)) return undefined;
  return `[${describe(validate.errors ?? [], document).join(', ')}]`;
}

function describe(errors: readonly ErrorObject[], document: unknown): string[] {
  const missing = errors.filter((e) => e.keyword === 'required');
  const messages: string[] = [];
  if (missing.length > 0) {
    const names = missing.map((e) => String((e.params as { missingProperty: string }).missingProperty)).sort();
    messages.push(`object has missing required properties (${JSON.stringify(names)})`);
  }
  const extra = errors.filter((e) => e.keyword === 'additionalProperties');
  if (extra.length > 0) {
    const names = extra.map((e) => String((e.params as { additionalProperty: string }).additionalProperty)).sort();
    messages.push(`object instance has properties which are not allowed by the schema: ${JSON.stringify(names)}`);
  }
  for (const error of errors) {
    const value = valueAtPointer(document, error.instancePath);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
      case 'additionalProperties':
        break;
      case 'minLength':
        messages.push(`string ${JSON.stringify(value)} is too short (length: ${String(value).length}, required minimum: ${String(params.limit)})`);
        break;
      case 'maxLength':
        messages.push(`string ${JSON.stringify(value)} is too long (length: ${String(value).length}, maximum allowed: ${String(params.limit)})`);
        break;
      case 'pattern':
        messages.push(`ECMA 262 regex ${JSON.stringify(params.pattern)} does not match input string ${JSON.stringify(value)}`);
        break;
      case 'type':
        messages.push(`instance type (${jsonType(value)}) does not match any allowed primitive type (allowed: ${JSON.stringify([params.type].flat())})`);
        break;
      default:
        messages.push(`${error.instancePath || '/'} ${error.message ?? error.keyword}`);
    }
  }
  return messages;
}

function valueAtPointer(document: unknown, pointer: string): unknown {
  let current = document;
  for (const step of pointer.split('/').slice(1)) current = (current as Record<string, unknown>)?.[step.replace(/~1/g, '/').replace(/~0/g, '~')];
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
