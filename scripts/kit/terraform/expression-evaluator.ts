import { ExpressionError } from '../errors.js';
import type { Expr } from './expression-parser.js';
import { terraformFunctions } from './functions.js';

/** Resolves a reference path such as `['aws_sqs_queue', 'dlq', 'arn']` to a value. */
export type ReferenceLookup = (path: readonly (string | number)[]) => unknown;

export function evaluate(expr: Expr, lookup: ReferenceLookup): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return expr.parts.map((part) => (typeof part === 'string' ? part : stringify(evaluate(part, lookup)))).join('');
    case 'ref':
      return lookup(expr.path);
    case 'tuple':
      return expr.items.map((item) => evaluate(item, lookup));
    case 'object':
      return Object.fromEntries(expr.entries.map(([key, value]) => [stringify(evaluate(key, lookup)), evaluate(value, lookup)]));
    case 'call': {
      const fn = terraformFunctions[expr.name];
      if (!fn) throw new ExpressionError(`${expr.name}(...)`, `the function ${expr.name} is not supported by the local kit`);
      return fn(...expr.args.map((arg) => evaluate(arg, lookup)));
    }
  }
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ExpressionError(JSON.stringify(value), 'a non-scalar value cannot be interpolated into a string');
}
