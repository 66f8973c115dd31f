import { BlockList, isIP } from 'node:net';
import { EventPatternError } from './pattern-error.js';
import { wildcardRegExp } from './wildcard.js';

/** A JSON value as events carry it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A compiled event pattern: `matches(event)` as EventBridge decides it. */
export interface EventPattern {
  readonly source: unknown;
  matches(event: unknown): boolean;
}

/** One element of a leaf array: whether it matches an absent field, and a test for each leaf value. */
interface Condition {
  readonly whenMissing: boolean;
  test(value: JsonValue): boolean;
}

type ObjectMatcher = (event: Record<string, unknown>) => boolean;

/** The operators EventBridge supports on an event bus; anything else is refused when the rule is loaded. */
export const supportedOperators = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'cidr', 'wildcard'] as const;

/**
 * Compiles an EventBridge event pattern (an object, or its JSON text). Every operator and value is
 * checked here, so an unsupported operator (`contains`, a typo) is an error naming the rule and the
 * field at start-up, never a silent non-match later. `where` names the rule in errors.
 */
export function compileEventPattern(pattern: unknown, where: string): EventPattern {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern) as unknown;
    } catch (error) {
      throw new EventPatternError(where, `the event pattern is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(parsed)) throw new EventPatternError(where, 'the event pattern must be a JSON object');
  const matcher = compileObject(parsed, where);
  return { source: parsed, matches: (event) => isObject(event) && matcher(event) };
}

function compileObject(pattern: Record<string, unknown>, where: string): ObjectMatcher {
  const fields = Object.entries(pattern).map(([key, value]): ObjectMatcher => {
    const at = `${where}.${key}`;
    if (key === '$or') return compileOr(value, at);
    if (isObject(value)) {
      const nested = compileObject(value, at);
      // A nested pattern matches an object, or any object element of an array.
      return (event) => objectsAt(event[key]).some(nested);
    }
    if (!Array.isArray(value)) throw new EventPatternError(at, `expected an array of values or a nested object, got ${JSON.stringify(value)}`);
    if (value.length === 0) throw new EventPatternError(at, 'an empty array matches nothing (EventBridge refuses it)');
    const conditions = value.map((item, i) => compileCondition(item, `${at}[${i}]`));
    return (event) => {
      const leaves = leafValues(event[key]);
      return conditions.some((c) => (leaves === undefined ? c.whenMissing : leaves.some((leaf) => c.test(leaf))));
    };
  });
  return (event) => fields.every((field) => field(event));
}

function compileOr(value: unknown, where: string): ObjectMatcher {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
    throw new EventPatternError(where, '$or takes an array of at least two pattern objects');
  }
  const branches = value.map((branch, i) => compileObject(branch as Record<string, unknown>, `${where}[${i}]`));
  return (event) => branches.some((branch) => branch(event));
}

/** The leaf values of a field: undefined when absent or not a leaf (an object), array elements flattened. */
function leafValues(value: unknown): JsonValue[] | undefined {
  if (value === undefined || isObject(value)) return undefined;
  if (!Array.isArray(value)) return [value as JsonValue];
  const leaves = (value as unknown[]).flat(Infinity).filter((item) => !isObject(item)) as JsonValue[];
  return leaves.length > 0 ? leaves : undefined;
}

function objectsAt(value: unknown): Record<string, unknown>[] {
  if (isObject(value)) return [value];
  return Array.isArray(value) ? (value.flat(Infinity).filter(isObject) as Record<string, unknown>[]) : [];
}

function compileCondition(item: unknown, where: string): Condition {
  if (!isObject(item)) {
    if (Array.isArray(item)) throw new EventPatternError(where, 'a value inside a value array cannot itself be an array');
    return present((value) => sameValue(value, item as JsonValue));
  }
  const keys = Object.keys(item);
  if (keys.length !== 1) throw new EventPatternError(where, `a matcher object holds exactly one operator, got ${JSON.stringify(keys)}`);
  const operator = keys[0]!;
  const operand = item[operator];
  const at = `${where}.${operator}`;
  switch (operator) {
    case 'prefix':
      return present(stringTest(operand, at, (value, text, fold) => fold(value).startsWith(fold(text))));
    case 'suffix':
      return present(stringTest(operand, at, (value, text, fold) => fold(value).endsWith(fold(text))));
    case 'equals-ignore-case':
      return present(textOperand(operand, at, (text) => (value) => typeof value === 'string' && foldCase(value) === foldCase(text)));
    case 'wildcard':
      return present(textOperand(operand, at, (text) => testString(wildcardRegExp(text, at))));
    case 'anything-but':
      return present(compileAnythingBut(operand, at));
    case 'numeric':
      return present(compileNumeric(operand, at));
    case 'exists':
      if (typeof operand !== 'boolean') throw new EventPatternError(at, 'exists takes true or false');
      return { whenMissing: !operand, test: () => operand };
    case 'cidr':
      return present(compileCidr(operand, at));
    default:
      throw new EventPatternError(at, `unsupported operator "${operator}" (the kit matches ${supportedOperators.join(', ')}, $or and exact values)`);
  }
}

/** A condition that never matches an absent field. */
function present(test: (value: JsonValue) => boolean): Condition {
  return { whenMissing: false, test };
}

type Fold = (text: string) => string;

/** `prefix` / `suffix`: a string, or `{ "equals-ignore-case": string }`. */
function stringTest(operand: unknown, where: string, compare: (value: string, text: string, fold: Fold) => boolean): (value: JsonValue) => boolean {
  if (typeof operand === 'string') return (value) => typeof value === 'string' && compare(value, operand, (t) => t);
  if (isObject(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string') {
    const text = operand['equals-ignore-case'];
    return (value) => typeof value === 'string' && compare(value, text, foldCase);
  }
  throw new EventPatternError(where, `expected a string or {"equals-ignore-case": string}, got ${JSON.stringify(operand)}`);
}

function textOperand(operand: unknown, where: string, build: (text: string) => (value: JsonValue) => boolean): (value: JsonValue) => boolean {
  if (typeof operand !== 'string') throw new EventPatternError(where, `expected a string, got ${JSON.stringify(operand)}`);
  return build(operand);
}

/** `anything-but`: a value, a list of strings or of numbers, or one of prefix / suffix / wildcard / equals-ignore-case. */
function compileAnythingBut(operand: unknown, where: string): (value: JsonValue) => boolean {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const inner = keys[0];
    if (keys.length !== 1 || inner === undefined) throw new EventPatternError(where, `anything-but takes one operator, got ${JSON.stringify(keys)}`);
    const texts = textList(operand[inner], `${where}.${inner}`);
    const tests: Record<string, (text: string) => (value: string) => boolean> = {
      prefix: (text) => (value) => value.startsWith(text),
      suffix: (text) => (value) => value.endsWith(text),
      'equals-ignore-case': (text) => (value) => foldCase(value) === foldCase(text),
      wildcard: (text) => testString(wildcardRegExp(text, `${where}.wildcard`)),
    };
    const build = tests[inner];
    if (!build) throw new EventPatternError(`${where}.${inner}`, `unsupported operator "${inner}" inside anything-but (prefix, suffix, equals-ignore-case, wildcard)`);
    const excluded = texts.map(build);
    return (value) => typeof value === 'string' && !excluded.some((test) => test(value));
  }
  const values = Array.isArray(operand) ? operand : [operand];
  if (values.length === 0 || !(values.every((v) => typeof v === 'string') || values.every((v) => typeof v === 'number'))) {
    throw new EventPatternError(where, `anything-but takes a string, a number, or a list of only strings or only numbers, got ${JSON.stringify(operand)}`);
  }
  return (value) => !values.some((excluded) => sameValue(value, excluded as JsonValue));
}

function textList(operand: unknown, where: string): string[] {
  const texts = Array.isArray(operand) ? operand : [operand];
  if (texts.length === 0 || !texts.every((t) => typeof t === 'string')) throw new EventPatternError(where, `expected a string or a list of strings, got ${JSON.stringify(operand)}`);
  return texts as string[];
}

const comparisons: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** `numeric`: one or two `[operator, number]` pairs, all of which must hold (for JSON numbers only). */
function compileNumeric(operand: unknown, where: string): (value: JsonValue) => boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw new EventPatternError(where, `numeric takes [operator, number] or [operator, number, operator, number], got ${JSON.stringify(operand)}`);
  }
  const checks: ((value: number) => boolean)[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const [op, bound] = [operand[i], operand[i + 1]];
    const compare = typeof op === 'string' ? comparisons[op] : undefined;
    if (!compare) throw new EventPatternError(where, `unsupported numeric operator ${JSON.stringify(op)} (=, <, <=, >, >=)`);
    if (typeof bound !== 'number' || Math.abs(bound) > 1e9) throw new EventPatternError(where, `numeric bounds are numbers between -1e9 and 1e9, got ${JSON.stringify(bound)}`);
    checks.push((value) => compare(value, bound));
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
}

/** `cidr`: an IPv4 or IPv6 block; the event value must be an address inside it. */
function compileCidr(operand: unknown, where: string): (value: JsonValue) => boolean {
  const match = typeof operand === 'string' ? /^(.+)\/(\d{1,3})$/.exec(operand) : null;
  const family = match ? isIP(match[1]!) : 0;
  const bits = Number(match?.[2]);
  if (!match || family === 0 || bits > (family === 4 ? 32 : 128)) throw new EventPatternError(where, `expected an IPv4 or IPv6 CIDR block, got ${JSON.stringify(operand)}`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const block = new BlockList();
  block.addSubnet(match[1]!, bits, type);
  return (value) => typeof value === 'string' && isIP(value) === family && block.check(value, type);
}

/** Exact matching: strings and booleans by value, numbers numerically, null only by null. */
function sameValue(value: JsonValue, expected: JsonValue): boolean {
  return value === expected;
}

function testString(regExp: RegExp): (value: JsonValue) => boolean {
  return (value) => typeof value === 'string' && regExp.test(value);
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
