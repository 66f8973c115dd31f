import { createHash } from 'node:crypto';
import { ExpressionError } from '../errors.js';

type TfFunction = (...args: unknown[]) => unknown;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function text(value: unknown, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ExpressionError(fn, `expected a string, got ${JSON.stringify(value)}`);
}

/** The Terraform functions the kit evaluates; anything else is an error naming the function. */
export const terraformFunctions: Readonly<Record<string, TfFunction>> = {
  // Terraform's jsonencode writes object keys in lexical order.
  jsonencode: (value) => JSON.stringify(sortKeys(value)),
  jsondecode: (value) => JSON.parse(text(value, 'jsondecode')) as unknown,
  tostring: (value) => text(value, 'tostring'),
  tonumber: (value) => Number(value),
  lower: (value) => text(value, 'lower').toLowerCase(),
  upper: (value) => text(value, 'upper').toUpperCase(),
  join: (separator, list) => (list as unknown[]).map((item) => text(item, 'join')).join(text(separator, 'join')),
  concat: (...lists) => (lists as unknown[][]).flat(),
  element: (list, index) => (list as unknown[])[Number(index) % (list as unknown[]).length],
  length: (value) => (typeof value === 'string' ? value.length : Object.keys(value as object).length),
  lookup: (map, key, fallback) => (map as Record<string, unknown>)[text(key, 'lookup')] ?? fallback,
  trimsuffix: (value, suffix) => text(value, 'trimsuffix').replace(new RegExp(`${escapeRegExp(text(suffix, 'trimsuffix'))}$`), ''),
  trimprefix: (value, prefix) => text(value, 'trimprefix').replace(new RegExp(`^${escapeRegExp(text(prefix, 'trimprefix'))}`), ''),
  sha1: (value) => createHash('sha1').update(text(value, 'sha1')).digest('hex'),
  sha256: (value) => createHash('sha256').update(text(value, 'sha256')).digest('hex'),
  md5: (value) => createHash('md5').update(text(value, 'md5')).digest('hex'),
  base64encode: (value) => Buffer.from(text(value, 'base64encode')).toString('base64'),
  format: (spec, ...args) => {
    let i = 0;
    return text(spec, 'format').replace(/%[sd%]/g, (m) => (m === '%%' ? '%' : text(args[i++], 'format')));
  },
};

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
